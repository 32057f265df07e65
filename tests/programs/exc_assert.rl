"""assert is always checked: AssertionError with and without a message,
caught like any exception; NotImplementedError from an abstract method;
an uncaught assertion at the end gives exit status 1."""
import sys


class Shape(object):
    def area(self):
        raise NotImplementedError("area of an abstract shape")

    def name(self):
        return "shape"


class Sq(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s

    def name(self):
        return "square"


def checked_sqrt(n):
    assert n >= 0, "negative input %d" % n
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    assert r * r <= n < (r + 1) * (r + 1)
    return r


def main(argv):
    for n in [0, 1, 15, 16, 17, -4]:
        try:
            print("isqrt(%d) = %d" % (n, checked_sqrt(n)))
        except AssertionError as e:
            print("AssertionError: %s" % str(e))
    try:
        assert len(argv) > 100
    except AssertionError as e:
        print("bare assert message: %r" % str(e))
    shapes = [Sq(3), Shape()]
    for s in shapes:
        try:
            print(s.name(), s.area())
        except NotImplementedError as e:
            print(s.name(), "NotImplementedError:", str(e))
        except RuntimeError:
            print("never: NotImplementedError is caught above")
    try:
        Shape().area()
    except RuntimeError as e:
        print("as RuntimeError:", str(e))
    x = None
    if len(argv) > 5:
        x = Sq(1)
    print("about to fail")
    assert x is not None, "x must be set"
    print("unreachable", x.s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
