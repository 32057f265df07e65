class Shape(object):
    sides = 0
    name = "shape"
    label = name + "!"

    def __init__(self, size):
        self.size = size

    def area(self):
        return 0

    @staticmethod
    def make(size):
        return Shape(size)


class Square(Shape):
    sides = 4

    def __init__(self, size):
        Shape.__init__(self, size)
        self.diag = size * 1.5

    def area(self):
        return self.size * self.size


def total(shapes):
    t = 0
    for s in shapes:
        t += s.area() + s.sides
    return t
