"""r_uint wraps modulo 2**64 and prints its decimal value; intmask wraps to
a signed word; ovfcheck raises OverflowError exactly when a word wraps."""
import sys

from rpython.rlib.rarithmetic import LONG_BIT, intmask, ovfcheck, r_uint


def check_add(a, b):
    try:
        return "%d" % ovfcheck(a + b)
    except OverflowError:
        return "OverflowError"


def check_mul(a, b):
    try:
        return "%d" % ovfcheck(a * b)
    except OverflowError:
        return "OverflowError"


def check_neg(a):
    try:
        return "%d" % ovfcheck(-a)
    except OverflowError:
        return "OverflowError"


def main(argv):
    print(LONG_BIT)
    x = r_uint(-1)
    print(x)
    print(str(x + 1), x + 1 == 0)
    print(x * 2)
    print(r_uint(5) - 7)
    print(3 - r_uint(5))
    print(intmask(x))
    print(intmask(r_uint(1) << 63))
    print(r_uint(1) << 64, x >> 60)
    print(r_uint(10) // 3, r_uint(10) % 3)
    print(r_uint(7) // -1)
    print(-r_uint(1), ~r_uint(0))
    print("%d|%s" % (x, x))
    print([r_uint(1), r_uint(2)])
    y = r_uint(2)
    y += 3
    print(y, x & 255, y | 8, y ^ 1)
    print(intmask(r_uint(9223372036854775807) + 1))
    print(intmask(5), intmask(-5))
    maxint = 9223372036854775807
    minint = -maxint - 1
    print(check_add(maxint, 1), check_add(maxint, 0), check_add(minint, -1))
    print(check_mul(4294967296, 4294967296), check_mul(-3, 7))
    print(check_neg(minint), check_neg(maxint))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
