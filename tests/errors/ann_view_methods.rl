# list methods, '+' and '*' on a dict view: errors in Python 3
import sys


def grow(d, n):
    if n > 5:
        ks = d.keys()
        ks.append("z")
    return 0


def order(d, n):
    if n > 5:
        d.values().sort()
    return 0


def shrink(d, n):
    if n > 5:
        print(d.items().pop())
    return 0


def concat(d, n):
    if n > 5:
        print(["x"] + d.keys())
    return 0


def repeat(d, n):
    if n > 5:
        print(d.items() * 2)
    return 0


def extend(d, n):
    if n > 5:
        l = ["x"]
        l += d.keys()  # fine: list += iterable
        ks = d.keys()
        ks += ["y"]
    return 0


def main(argv):
    d = {"a": 1}
    grow(d, len(argv))
    order(d, len(argv))
    shrink(d, len(argv))
    concat(d, len(argv))
    repeat(d, len(argv))
    extend(d, len(argv))
    l = list(d.keys())
    l.append("z")
    print(l + ["y"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
