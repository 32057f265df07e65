"""Forms of built-ins and operators beyond the basic ones: sum/min/max over
lists, ranges, strs and tuples (with start values, of strs, tuples and
lists), list() of a list/str/range, ordering of tuples and lists
(lexicographic, nested, different lengths), `for` over homogeneous tuples
(strs that may be None, instances of one hierarchy, floats), slice
assignment, isinstance() against built-in types, divmod's ZeroDivisionError."""
import sys


class Shape(object):
    def __init__(self, n):
        self.n = n

    def area(self):
        return self.n


class Square(Shape):
    def area(self):
        return self.n * self.n


def maybe(n):
    if n % 2 == 0:
        return None
    return "s%d" % n


def make(n):
    return [i * i % 7 for i in range(n)]


def main(argv):
    n = len(argv) + 9
    print(sum(range(n)), sum(range(1, n, 3)), sum(range(n, 0, -2), 100), sum(range(0)))
    print(sum([1, 2, 3]), sum([]), sum([10], 5), sum([1.5, 2.0]), sum([1, 2], 0.5))
    t = (1, 2, n)
    print(sum(t), sum((1.5, 2.5)), sum((0.5, 1.0), 10))
    print(min("hello"), max("hello"), min(range(3, n)), max(range(n)), min(t), max(t))
    print(min("b", "a"), max("abc", "abd"), min(["z", "y", "x"]), max(["a", "c", "b"]))
    print(min(3.0, 1.5), max([2.5, 1.0]), min("q", "r", "a"), max(4, 9, 2))
    pairs = [(3, "c"), (1, "z"), (3, "a"), (2, "m")]
    print(min(pairs), max(pairs), max((1, "z"), (1, "y")), min([[2, 1], [1, 9], [1, 8, 0]]))
    try:
        print(min(range(0)))
    except ValueError:
        print("min of an empty range")
    print(list(range(5)), list(range(10, 0, -3)), list("abc"), list(make(4)), list([]))
    a = (1, "b")
    b = (1, "a")
    print(a > b, a < b, a <= a, a >= b, (1, 2) < (1, 3), (2, 0) <= (1, 9), (1, 2) != (1, 2))
    print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], make(3) < make(2), make(3) >= make(3), [] < [1])
    print(["a", "b"] < ["a", "c"], [[1, 2], [3]] < [[1, 2], [2]], [(1, 2.5)] > [(1, 2.0)])
    print((0.5, "x") < (0.5, "y") < (0.75, ""), [] == [], (True, 1) > (False, 2))
    for s in ("a", None, "bc"):
        print(s, s is None, isinstance(s, str))
    for sh in (Shape(3), Square(3), Shape(1)):
        print(sh.area(), isinstance(sh, Square))
    total = 0.0
    for x in (1.5, 2.5, -1.0):
        total += x
    print(total, [c + "!" for c in ("x", "yy", "z")], [maybe(i) for i in range(4)])
    s = maybe(3)
    print(s, str(maybe(2)), isinstance(n, int), isinstance(total, float), isinstance(n, float))
    xs = make(8)
    xs[2:5] = [100, 200]
    print(xs)
    xs[:0] = xs
    print(xs)
    xs[3:] = []
    print(xs)
    xs[-1:] = [7, 7, 7]
    print(xs)
    for d in [3, 0]:
        try:
            print(divmod(17, d), divmod(-17, d))
        except ZeroDivisionError:
            print("divmod by zero")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
