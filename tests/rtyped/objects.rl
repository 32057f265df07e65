class Shape(object):
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0.0


class Square(Shape):
    def __init__(self, side):
        Shape.__init__(self, "square")
        self.side = side

    def area(self):
        return self.side * self.side


def describe(s):
    try:
        return "%s: %.1f" % (s.name, s.area())
    except ZeroDivisionError:
        return "?"


def main(argv):
    shapes = [Shape("dot"), Square(2.0)]
    for s in shapes:
        print(describe(s))
    return 0
