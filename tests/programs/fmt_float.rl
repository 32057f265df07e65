"""Float printing: shortest repr (str, repr, print, in containers), corner
cases (0.1+0.2, large/small exponents, the 1e16 switch, -0.0, inf, nan,
subnormals, max/min floats), float() parsing, and int/float conversions."""
import sys

VALUES = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 10.0 / 3,
          100.0, 1e15, 1e16, 1e17, 123456789012345678.0, 1.5e300, 1e-4, 1e-5,
          0.00012345, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
          3.141592653589793, 2.718281828459045, 9007199254740993.0, 0.1 * 3,
          1e22, 1e23, 4.35, 0.3, 1.1 * 1.1, 100.0 / 7, -1.5e-10, 12345.6789]


def main(argv):
    for v in VALUES:
        print(v, str(v), repr(v), "%s" % v, "%r" % v)
    print(VALUES[:6])
    inf = float("inf")
    nan = float("nan")
    print(inf, -inf, nan, [inf, -inf], repr(inf), str(nan))
    print(inf > 1e308, nan == nan, nan != nan, inf == inf, -inf < -1e308)
    print(inf + 1.0, inf - inf, inf * 0.0, 1.0 / inf, -1.0 / inf)
    for s in ["1", "1.5", "-2.5e3", " 42 ", "1e-3", ".5", "5.", "inf", "-inf", "nan",
              "Infinity", "1_000.5", "  -0.0", "+3.25", "1E5"]:
        print(repr(s), float(s))
    for bad in ["", "abc", "1.2.3", "1e", "--1", "1 2", "0x10"]:
        try:
            print(float(bad))
        except ValueError:
            print("ValueError for %r" % bad)
    for x in [2.5, -2.5, 2.999, -2.999, 1e15 + 0.5, 0.0, -0.0, 1e18]:
        print(x, int(x), float(int(x)))
    print(float(7), float(-3), float(2 ** 53), float(2 ** 53 + 1), float(True))
    print(1 / 2, 7 / 7, -7 / 2, 2 ** 0.5, 10 ** 2)
    print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, 0.0 * -1)
    print(round(2.675, 2), round(0.5), round(1.5), round(-0.5), round(2.5), round(1234.5678, -2))
    print(abs(-0.0), abs(-2.5), min(1.5, -2.5), max(0.1, 0.2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
