"""Equality between values of different kinds is False (and != True),
never an error: numbers against lists, strings, tuples and instances."""
import sys


class Box(object):
    def __init__(self, v):
        self.v = v


def main(argv):
    e = []
    n = len(argv)
    print(bool([0]) == [], not e, n == "x", "x" != n, (1, 2) == (1, 2))
    print(3 == [3], [3] != 3, 2.5 == "2.5", "a" == 'a', 'a' == 97)
    b = Box(1)
    print(b == 1, 1 != b, b.v == 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
