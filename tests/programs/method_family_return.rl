# Functions called at one site share a signature: a method returning a
# one-char str beside overrides returning longer strs (or None beside an
# instance) returns through their common vtable slot as the wider type.
import sys


class Base(object):
    def __init__(self, x):
        self.x = x

    def name(self):
        return "base"

    def partner(self):
        return None


class A(Base):
    pass


class B(Base):
    def name(self):
        return "b"

    def partner(self):
        return A(self.x + 1)


def one():
    return "1"


def many():
    return "many"


def pick(n):
    if n == 0:
        return A(1)
    return B(2)


def main(argv):
    for i in range(2):
        o = pick(i)
        p = o.partner()
        print(o.name(), len(o.name()), p is None, p.x if p is not None else -1)
    for fn in [one, many]:
        print(fn(), len(fn()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
