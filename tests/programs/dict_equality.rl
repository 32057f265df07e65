"""`==` and `!=` on dicts compare contents, as Python: the same length and
every key of one in the other with an equal value, whatever the insertion
order. Covers int, str, char and tuple keys; dicts made at different
places (two dict types) and of None-able values; deleted entries (`del`,
`pop`); empty dicts; dicts of lists and tuples, dicts of dicts, and lists
and tuples of dicts; `in` and `.index` on a list of dicts."""
import sys


class Key(object):
    def __init__(self, n):
        self.n = n


def make_dict(n):
    d = {}
    d[n] = n * 2
    return d


def squares(n, reverse):
    d = {}
    for i in range(n):
        k = n - 1 - i if reverse else i
        d[k] = k * k
    return d


def words(text):
    d = {}
    for w in text.split():
        d[w] = d.get(w, 0) + 1
    return d


def points(n):
    d = {}
    for i in range(n):
        d[(i, i + 1)] = "p%d" % i
    return d


def maybe(n):
    d = {}
    for i in range(n):
        if i % 2:
            d[i] = "odd"
        else:
            d[i] = None
    return d


def groups(n):
    d = {}
    for i in range(n):
        key = "g%d" % (i % 3)
        if key not in d:
            d[key] = []
        d[key].append(i)
    return d


def nested(n):
    d = {}
    for i in range(n):
        d[i] = squares(i, i % 2 == 1)
    return d


def int_keys():
    d = make_dict(5)
    e = make_dict(5)
    print(d == e, d != e, d == make_dict(6), d != make_dict(6))
    print(squares(6, False) == squares(6, True), squares(6, False) != squares(6, True))
    print(squares(5, False) == squares(6, False), squares(6, False) == squares(5, True))
    f = squares(4, False)
    f[3] = 10
    print(f == squares(4, False), f != squares(4, False))
    f[3] = 9
    print(f == squares(4, False))
    print({1: 2, 3: 4} == {3: 4, 1: 2}, {1: 2} == {1: 2, 3: 4}, {1: 2} == make_dict(1))
    print({1: True} == {1: True}, {1: True} == {1: False}, {1: 2.5} == {1: 2.5})


def str_keys():
    a = words("a rose is a rose is a rose")
    b = words("is rose a rose a is rose a")
    print(a == b, a != b)
    print(a == words("a rose is a rose"), a == words("a rose is a rose is a rose rose"))
    print({"x": 1, "y": 2} == {"y": 2, "x": 1}, {"xy": 1} == {"x": 1})
    c = {}
    c["a"] = 1
    c["b"] = 2
    print(c == {"b": 2, "a": 1}, c == {"a": 1, "b": 3})
    s = "ab"
    d = {}
    d[s[0]] = 1
    d[s] = 2
    e = {}
    e[s] = 2
    e[s[:1]] = 1
    print(d == e, d != e)


def tuple_keys():
    print(points(4) == points(4), points(4) == points(3), points(0) == points(0))
    p = points(3)
    q = {}
    q[(2, 3)] = "p2"
    q[(0, 1)] = "p0"
    q[(1, 2)] = "p1"
    print(p == q, p != q)
    q[(1, 2)] = "P1"
    print(p == q, p != q)


def char_and_instance_keys():
    a = {}
    for c in "hello":
        a[c] = a.get(c, 0) + 1
    b = {}
    for c in "olleh":
        b[c] = b.get(c, 0) + 1
    print(a == b, a == {"h": 1, "e": 1, "l": 2, "o": 1}, a == {"h": 1})
    k1 = Key(1)
    k2 = Key(1)
    x = {k1: 1}
    y = {k1: 1}
    z = {k2: 1}
    print(x == y, x == z, x != z)


def deletions():
    d = squares(6, False)
    del d[0]
    del d[5]
    e = {4: 16, 3: 9, 2: 4, 1: 1}
    print(d == e, d != e)
    d.pop(2)
    print(d == e)
    e.pop(2)
    print(d == e)
    d[2] = 4
    e[2] = 5
    print(d == e)
    e.pop(2, 0)
    e[2] = 4
    print(d == e, len(d), len(e))
    w = words("a b c")
    del w["a"]
    del w["b"]
    del w["c"]
    print(w == {}, w == words(""), w == words("a"))


def empties():
    a = {}
    b = {}
    print(a == b, a != b)
    c = make_dict(1)
    print(c == {}, {} == c, c != {})
    c.clear()
    print(c == {}, {} == c, c == squares(0, False))
    n = None
    print(c == n, n == c, c != n)


def none_values():
    print(maybe(4) == maybe(4), maybe(4) == maybe(3))
    m = maybe(2)
    print(m == {0: None, 1: "odd"}, m == {0: "odd", 1: "odd"}, m == {0: None, 1: None})
    print({1: None} == {1: None}, {1: None} == {1: "x"})


def containers():
    print(groups(7) == groups(7), groups(7) == groups(6), groups(7) != groups(8))
    g = groups(4)
    print(g == {"g0": [0, 3], "g1": [1], "g2": [2]}, g == {"g0": [3, 0], "g1": [1], "g2": [2]})
    print(nested(4) == nested(4), nested(4) == nested(3), nested(4) != nested(4))
    n = nested(3)
    n[2][0] = 1
    print(n == nested(3))
    print({1: (2, "a")} == {1: (2, "a")}, {1: (2, "a")} == {1: (2, "b")})
    print({1: {2: [3]}} == {1: {2: [3]}}, {1: {2: [3]}} == {1: {2: [4]}})


def lists_of_dicts():
    a = [make_dict(1), make_dict(2)]
    b = [make_dict(1), make_dict(2)]
    print(a == b, a != b, a == [make_dict(2), make_dict(1)])
    print(a == [{1: 2}, {2: 4}], [{1: 2}] == [{1: 3}], [{}] == [{}])
    print(make_dict(2) in a, make_dict(3) in a, a.index(make_dict(2)))
    print((make_dict(1), 1) == (make_dict(1), 1), (make_dict(1), 1) == (make_dict(2), 1))
    print([[make_dict(1)]] == [[make_dict(1)]], [[make_dict(1)]] == [[make_dict(3)]])


def entry_point(argv):
    int_keys()
    str_keys()
    tuple_keys()
    char_and_instance_keys()
    deletions()
    empties()
    none_values()
    containers()
    lists_of_dicts()
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
