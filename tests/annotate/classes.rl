class Shape(object):
    sides = 0

    def __init__(self, size):
        self.size = size

    def area(self):
        return 0


class Square(Shape):
    sides = 4

    def __init__(self, size):
        Shape.__init__(self, size)
        self.diag = size * 1.5

    def area(self):
        return self.size * self.size


class Circle(Shape):
    def __init__(self, r):
        super().__init__(r)

    def area(self):
        return 3 * self.size * self.size


class ParseError(Exception):
    def __init__(self, msg, pos):
        Exception.__init__(self, msg)
        self.pos = pos


def total(shapes):
    t = 0
    for s in shapes:
        t += s.area() + s.sides
    return t


def first_square(shapes):
    for s in shapes:
        if isinstance(s, Square):
            return s
    return None


def parse(text):
    if not text:
        raise ParseError("empty", 0)
    return len(text)


def main(argv):
    shapes = [Square(2), Circle(3)]
    shapes.append(Shape(1))
    sq = first_square(shapes)
    if sq is not None:
        print(sq.diag)
    try:
        n = parse(argv[0])
    except ParseError as e:
        print(str(e), e.pos)
        n = -1
    except (KeyError, IndexError):
        n = -2
    return total(shapes) + n
