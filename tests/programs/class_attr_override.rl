"""A class attribute overridden in a subclass, which instances also assign:
new and prebuilt instances start with their own class's value."""
import sys


class Base(object):
    kind = "base"
    size = 1

    def __init__(self, x):
        self.x = x

    def setk(self, k):
        self.kind = k
        self.size += 10


class Mid(Base):
    kind = "mid"


class Leaf(Mid):
    size = 3


PRE = [Base(1), Mid(2), Leaf(3)]


def main(argv):
    objs = [Base(1), Mid(2), Leaf(3)]
    for o in objs + PRE:
        print(o.kind, o.size, o.x)
    objs[0].setk("z")
    PRE[2].setk("y")
    for o in objs + PRE:
        print(o.kind, o.size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
