"""Machine-word integer helpers: intmask, r_uint, ovfcheck, LONG_BIT;
wrap-around made explicit, an overflow-checked factorial that falls back
to float, unsigned comparisons and division, and a 64-bit hash mix."""
import sys
from rlib.rarithmetic import intmask, r_uint, ovfcheck, LONG_BIT

MAXINT = 9223372036854775807
MININT = -MAXINT - 1


def checked_fact(n):
    r = 1
    for k in range(2, n + 1):
        try:
            r = ovfcheck(r * k)
        except OverflowError:
            return -k
    return r


def checked_add(a, b):
    try:
        return ovfcheck(a + b)
    except OverflowError:
        return 0


def mix(h, v):
    h = h ^ r_uint(v)
    h = h * r_uint(0x100000001b3)
    return h


def main(argv):
    print("LONG_BIT", LONG_BIT, MAXINT, MININT)
    print(intmask(MAXINT + 1), intmask(2 ** 64), intmask(2 ** 64 - 1), intmask(-1), intmask(2 ** 63 + 5))
    print(intmask(r_uint(-1)), intmask(r_uint(MAXINT) + r_uint(1)), intmask(0xFFFFFFFFFFFFFFFF))
    u = r_uint(-1)
    print(u, u + r_uint(1), u // r_uint(2), u % r_uint(10), u >> 60, r_uint(1) << 63)
    print(r_uint(5) - r_uint(7), r_uint(3) * r_uint(MAXINT), r_uint(10) > r_uint(3), r_uint(-1) > r_uint(1))
    print(r_uint(0xdeadbeef) & r_uint(0xffff), r_uint(0xf0) | r_uint(0x0f), r_uint(6) ^ r_uint(3))
    print(str(r_uint(2 ** 63)), "%d" % r_uint(42), int(r_uint(7)) + 1)
    for n in [5, 20, 21, 25]:
        print("fact", n, checked_fact(n))
    print(checked_add(MAXINT, 0), checked_add(MAXINT, 1), checked_add(MININT, -1), checked_add(-5, 5))
    for a, b in [(MAXINT, 2), (MININT, -1), (3037000499, 3037000499), (3037000500, 3037000500), (-MAXINT, 1)]:
        try:
            print("mul", ovfcheck(a * b))
        except OverflowError:
            print("mul overflow")
    try:
        print(ovfcheck(-MININT))
    except OverflowError:
        print("neg overflow")
    try:
        print(ovfcheck(MININT - 1))
    except OverflowError:
        print("sub overflow")
    print(ovfcheck(MAXINT - 1) + 1 == MAXINT)
    h = r_uint(0xcbf29ce484222325)
    for v in [1, 2, 3, 1000000, 42]:
        h = mix(h, v)
    print("mixed hash", h, intmask(h))
    wrapped = intmask(MAXINT * 2)
    print("wrapped", wrapped, intmask(MININT - 1), intmask(-MININT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
