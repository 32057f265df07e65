"""Functions: default values, keyword arguments in any order, defaults that
are prebuilt objects, functions as values (in lists and dicts, passed and
returned, all with one signature), methods bound to instances as values,
while/else, and early returns from nested loops."""
import sys


def area(w, h=1, scale=1.0):
    return w * h * scale


def tag(name, attrs="", close=True):
    s = "<" + name
    if attrs:
        s += " " + attrs
    s += ">"
    if close:
        s += "</" + name + ">"
    return s


def inc(x):
    return x + 1


def dbl(x):
    return x * 2


def sq(x):
    return x * x


OPS = {"inc": inc, "dbl": dbl, "sq": sq}
PIPELINE = [inc, dbl, sq]


def apply_all(fs, x):
    for f in fs:
        x = f(x)
    return x


def pick(name):
    if name in OPS:
        return OPS[name]
    return inc


class Acc(object):
    def __init__(self):
        self.total = 0

    def add(self, x):
        self.total += x
        return self.total


def find_pair(xs, target):
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if xs[i] + xs[j] == target:
                return (i, j)
    return (-1, -1)


def first_square_over(n):
    i = 0
    while i * i <= n:
        i += 1
        if i > 1000:
            break
    else:
        return i
    return -1


def main(argv):
    print(area(3), area(3, 4), area(3, scale=0.5), area(h=2, w=5), area(2, 3, 2.0))
    print(tag("br", close=False), tag("a", 'href="x"'), tag(attrs="id=1", name="p"))
    print(apply_all(PIPELINE, 3), apply_all([sq, sq], 3), apply_all([], 7))
    print([pick(n)(10) for n in ["inc", "dbl", "sq", "nope"]])
    acc = Acc()
    adder = acc.add
    for k in range(5):
        adder(k)
    print(acc.total, adder(100))
    print(find_pair([1, 5, 9, 14], 23), find_pair([1, 2], 10))
    print(first_square_over(50), first_square_over(10000000))
    fs = [inc, dbl]
    fs.append(sq)
    print([f(5) for f in fs], OPS["sq"](OPS["dbl"](3)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
