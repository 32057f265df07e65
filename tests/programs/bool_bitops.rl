"""bool & | ^ bool is a bool (prints True/False), abs() of a bool is an
int; other arithmetic on bools gives ints."""
import sys


def main(argv):
    b = len(argv) > 0
    f = len(argv) > 5
    print(b & True, b | False, b ^ b, f | b, f & b, b ^ f)
    print(True & False, True | False, True ^ True)
    x = b
    x &= f
    y = f
    y |= b
    print(x, y)
    print(abs(b), abs(f), abs(True), -b, ~b, +b, b + b, b * 7, b - 1, b // 1, b % 2, b << 2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
