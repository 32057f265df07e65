# indexing, slicing or changing a dict view: a TypeError in Python 3
import sys


def first(d, n):
    if n > 5:
        print(d.keys()[0])
    return 0


def some(d, n):
    if n > 5:
        print(d.values()[1:])
    return 0


def store(d, n):
    if n > 5:
        ks = d.keys()
        ks[0] = "b"
    return 0


def drop(d, n):
    if n > 5:
        vs = d.values()
        del vs[0]
    return 0


def cut(d, n):
    if n > 5:
        vs = d.values()
        del vs[0:1]
    return 0


def splice(d, n):
    if n > 5:
        ks = d.keys()
        ks[0:1] = ["b"]
    return 0


def main(argv):
    d = {"a": 1}
    first(d, len(argv))
    some(d, len(argv))
    store(d, len(argv))
    drop(d, len(argv))
    cut(d, len(argv))
    splice(d, len(argv))
    print(list(d.keys())[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
