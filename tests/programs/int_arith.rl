"""Integer arithmetic with Python semantics (no overflow here): floor
division and modulo with every sign combination, shifts, bitwise ops,
pow, abs, min/max, divmod, int() parsing, bool arithmetic, comparisons of
mixed int/float, and errors (division by zero, negative shift counts)."""
import sys


def main(argv):
    pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3), (1, 7), (-1, 7)]
    for a, b in pairs:
        q, r = divmod(a, b)
        print("%3d %3d | // %3d  %% %3d | divmod %s | / %s" % (a, b, a // b, a % b, (q, r), a / b))
    print(2 ** 10, 3 ** 0, (-2) ** 3, (-2) ** 4, 10 ** 18, 7 ** 2 ** 2)
    print(1 << 10, 1 << 62, -1 << 3, 1024 >> 3, -1024 >> 3, -1 >> 10, 5 >> 1, -5 >> 1)
    print(255 & 15, 8 | 3, 6 ^ 3, ~0, ~5, ~-1, -8 & 0xFF)
    print(abs(-5), abs(5), abs(0), min(3, -2), max(3, -2), min(4, 2, 8), max([1, 9, 3]))
    print(min([5, 3, 7]), max(2, 2), sum([1, 2, 3, 4]), sum([]), sum([10], 5))
    for s in ["0", "-0", "+5", "  42  ", "1_000_000", "-123", "007", "\t9\n"]:
        print(repr(s), int(s))
    for s in ["", " ", "1.5", "1e3", "12abc", "1__0", "_1", "0x10", "1 0"]:
        try:
            print(int(s))
        except ValueError:
            print("ValueError %r" % s)
    print(True + True, True * 5, False - 1, int(True), int(False), bool(0), bool(-3))
    print(1 == 1.0, 1 < 1.5, 2 > 1.5, -1 < -0.5, 3 >= 3.0, 10 ** 15 == 1e15)
    print(7 + 0.5, 7 * 0.5, 7 - 0.5, 2 * 3.0, float(7) / 2, 9 // 2.0, 9 % 2.5)
    print(int(7.9), int(-7.9), int("42") + 1, str(42) + "!", "%x" % 255)
    for n in [0, 1, -1, 100, 1234567890]:
        print(n, -n, +n, n * n, n // 10, n % 10, n == -n, n != 0)
    for bad in range(4):
        try:
            if bad == 0:
                print(1 // 0)
            elif bad == 1:
                print(1 % 0)
            elif bad == 2:
                print(1 << -1)
            else:
                print(divmod(5, 0))
        except ZeroDivisionError:
            print(bad, "ZeroDivisionError")
        except ValueError:
            print(bad, "ValueError")
    x = 10
    x += 5
    x -= 3
    x *= 4
    x //= 5
    x %= 7
    x **= 3
    x <<= 2
    x >>= 1
    x |= 1
    x &= 0x3F
    x ^= 0x15
    print("augmented:", x)
    print(0b1010, 0o17, 0xff, 0XAB, 1_000, 0b1_0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
