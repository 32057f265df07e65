"""`from module import name` of classes, functions and prebuilt objects
from a helper module (lib_shapes.rl) that itself imports another helper;
subclassing an imported class."""
import sys
from lib_shapes import Shape, Rect, Circle, REGISTRY, UNIT_SQUARE, LABEL, total_area
from lib_util import clamp, Counter


class Square(Rect):
    def __init__(self, s):
        Rect.__init__(self, s, s)
        self.name = "square"


def main(argv):
    shapes = [Rect(2, 3), Circle(1.5), Square(4), UNIT_SQUARE, REGISTRY["big"]]
    for s in shapes:
        print("%-7s %8.2f" % (s.name, s.area()))
    print("total %.3f" % total_area(shapes))
    print(LABEL, REGISTRY["unit"] is UNIT_SQUARE, isinstance(shapes[2], Rect), isinstance(shapes[1], Rect))
    UNIT_SQUARE.w = 5
    print(REGISTRY["unit"].area(), clamp(99, 0, 50), Counter(1).tick())
    generic = Shape("blob")
    print(generic.area(), generic.name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
