"""Chained comparisons (each operand evaluated once), conditional
expressions, `and`/`or`/`not` with short-circuit evaluation, `is`/`is not`
on None and instances, comparisons of strs, floats, tuples."""
import sys

CALLS = []


def val(x):
    CALLS.append(x)
    return x


class Box(object):
    def __init__(self, v):
        self.v = v


def sign(n):
    return "neg" if n < 0 else "zero" if n == 0 else "pos"


def main(argv):
    for x in [-5, 0, 3, 7, 10, 11]:
        print(x, 0 <= x < 10, 0 < x <= 10, x == x == x, -1 < x != 3, 1 < 2 < x < 9 < 100)
    del CALLS[:]
    r = val(1) < val(2) < val(3)
    print(r, CALLS)
    del CALLS[:]
    r = val(3) < val(2) < val(1)
    print(r, CALLS)
    del CALLS[:]
    r = val(0) and val(5)
    r2 = val(4) or val(6)
    r3 = val(0) or val(7)
    print(r, r2, r3, CALLS)
    print([sign(n) for n in [-2, 0, 2]])
    print("a" < "b" <= "b" < "ba", 1.5 < 2 < 2.5, (1, 2) < (1, 3), (1, "b") > (1, "a"))
    a = Box(1)
    b = Box(1)
    c = a
    n = None
    if len(argv) > 100:
        n = a
    print(a is c, a is b, a is not b, n is None, n is not None, a.v == b.v)
    s = ""
    t = "x"
    print(not s, not t, not 0, not 5, not [], not [0], s or "default", t or "default")
    print(True and 3 > 2, False or 1 == 1, not (1 < 2 and 2 < 1))
    x = 5
    y = 10 if x > 3 else 20
    z = "big" if y > 100 else ("mid" if y > 5 else "small")
    print(y, z, (x if x % 2 else -x), [i if i % 2 else -i for i in range(6)])
    count = 0
    for i in range(100):
        if i % 3 == 0 and i % 5 == 0 or i == 7:
            count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
