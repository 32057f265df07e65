# Classes, inheritance, methods, class attributes, super().__init__.
class Shape(object):
    sides = 0
    name = "shape"
    label = name + "!"
    _immutable_fields_ = ["size"]

    def __init__(self, size):
        self.size = size

    def area(self):
        return 0

    def describe(self):
        return "%s(%d) sides=%d area=%s" % (self.name, self.size, self.sides, self.area())

    @staticmethod
    def make(size):
        return Square(size)


class Square(Shape):
    sides = 4
    name = "square"

    def __init__(self, size):
        Shape.__init__(self, size)
        self.diag = size * 1.5

    def area(self):
        return self.size * self.size


class Cube(Square):
    def __init__(self, size):
        super().__init__(size)
        self.depth = size

    def area(self):
        return 6 * Square.area(self)


class Counter:
    count = 0

    def bump(self, n=1):
        Counter.count += n
        self.mine = Counter.count
        return self


shapes = [Shape(1), Square(2), Cube(3), Shape.make(5)]
r = [s.describe() for s in shapes]
r.append([isinstance(s, Square) for s in shapes])
r.append(isinstance(shapes[2], (int, Shape)))
r.append(Cube.sides)
r.append(Shape.label)
c = Counter()
c.bump().bump(5)
r.append((Counter.count, c.mine))
m = shapes[1].area
r.append(m())
r.append(shapes[0] is shapes[0])
r.append(shapes[0] == shapes[1])
try:
    shapes[0].nope
except Exception as e:
    r.append(str(e))
