# a dict view reaching a use through a parameter that also takes lists
import sys


def show(l):
    print(l)


def head(l):
    return l[0]


def main(argv):
    d = {"a": 1}
    show(["x"])
    print(head([5]))
    show(d.keys())
    print(head(d.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
