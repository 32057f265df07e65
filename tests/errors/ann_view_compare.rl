# comparing a dict view: never equal to a list in Python 3
import sys


def eq(d, n):
    if n > 5:
        print(d.keys() == ["a"])
    return 0


def ne(d, n):
    if n > 5:
        print(["a"] != d.keys())
    return 0


def lt(d, n):
    if n > 5:
        print(d.values() < [2])
    return 0


def member(d, n):
    if n > 5:
        print(["a"] in [d.keys()])
    return 0


def biggest(d, n):
    if n > 5:
        print(max(d.keys(), d.keys()))
    return 0


def position(d, n):
    if n > 5:
        l = [d.keys()]
        print(l.index(["a"]))
    return 0


def nested(d, n):
    if n > 5:
        print((1, d.keys()) == (1, ["a"]))
    return 0


def main(argv):
    d = {"a": 1}
    eq(d, len(argv))
    ne(d, len(argv))
    lt(d, len(argv))
    member(d, len(argv))
    biggest(d, len(argv))
    position(d, len(argv))
    nested(d, len(argv))
    print(list(d.keys()) == ["a"], "a" in d.keys(), max(d.keys()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
