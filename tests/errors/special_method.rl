# RL has no operator overloading: a method named __x__ other than __init__
# would change what == does under CPython, so it is refused at its def.
import sys


class Point(object):
    def __init__(self, x):
        self.x = x

    def __eq__(self, other):
        return self.x == other.x


def entry_point(argv):
    print(Point(1) == Point(1))
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
