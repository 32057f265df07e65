"""Helper module (no __main__ block) imported by import_from.rl: a class
hierarchy, prebuilt instances and a registry; it imports lib_util itself."""
import lib_util
from lib_util import clamp


class Shape(object):
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0.0


class Rect(Shape):
    def __init__(self, w, h):
        Shape.__init__(self, "rect")
        self.w = w
        self.h = h

    def area(self):
        return float(self.w * self.h)


class Circle(Shape):
    def __init__(self, r):
        Shape.__init__(self, "circle")
        self.r = r

    def area(self):
        return 3.0 * self.r * self.r


UNIT_SQUARE = Rect(1, 1)
REGISTRY = {"unit": UNIT_SQUARE, "big": Rect(clamp(50, 0, 10), 2)}
LABEL = lib_util.GREETING.upper()


def total_area(shapes):
    t = 0.0
    for s in shapes:
        t += s.area()
    return t
