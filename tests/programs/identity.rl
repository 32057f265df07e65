"""`is` and `is not` compare identity, never contents: lists, tuples,
dicts, instances and strings built apart are different objects even when
equal; one object reached two ways is itself."""
import sys


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


def make_list(n):
    return [n * i for i in range(4)]


def make_tuple(n):
    return (n, n + 1)


def make_dict(n):
    d = {}
    d[n] = n * 2
    return d


SHARED = [1, 2, 3]


def pick(flag):
    if flag:
        return SHARED
    return [1, 2, 3]


def entry_point(argv):
    a = make_list(3)
    b = make_list(3)
    print(a == b, a is b, a is not b, a is a)
    c = a
    c.append(9)
    print(a is c, len(a), len(b))
    t = make_tuple(len(argv))
    u = make_tuple(len(argv))
    print(t == u, t is t)
    d = make_dict(5)
    e = make_dict(5)
    print(d == e, d is e, d is not e, d is d)
    p = Point(1, 2)
    q = Point(1, 2)
    print(p.x == q.x, p is q, p is p, p is not q, p == p)
    print(pick(True) is SHARED, pick(False) is SHARED, pick(False) == SHARED)
    lists = [a, b, c]
    same = 0
    for x in lists:
        if x is a:
            same += 1
    print(same)
    # strs inside tuples compare by contents, not by address
    x = str(len(argv) + 40)
    s1 = "ab" + x
    s2 = "a" + "b" + x
    print((s1, 1) == (s2, 1), s1 in ("zz", s2), (s1, x) != (s2, x))
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
