"""Everyday idioms an interpreter writer reaches for: a running best that
starts as None (the annotator must wait for the loop before judging
`best.y`), tuple concatenation and `in` on tuples, list() of enumerate /
zip / reversed, "".join of reversed lists and of strs, str.index with its
ValueError, sorted() of strs and with reverse=, while/else with continue,
and dicts of lists updated in place."""
import sys


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


def best_of(points):
    best = None
    for p in points:
        if best is None or p.y > best.y:
            best = p
    return best


def describe(points):
    b = best_of(points)
    if b is None:
        return "empty"
    return "best at x=%d (y=%d)" % (b.x, b.y)


def main(argv):
    pts = [Point(i, (i * 7) % 5) for i in range(6)]
    print(describe(pts), describe([]))
    last = None
    for p in pts:
        last = p
    print(last.x)
    t = (1, "a") + (2.5,)
    print(t, t[2], len(t), (None,) + (1,), 2 in (1, 2, 3), "z" in ("a", "b"))
    s = "hello"
    print("".join(reversed(["a", "b", "c"])), "-".join("abc"), list(enumerate(s))[:2])
    z = list(zip([1, 2, 3], ["a", "b"]))
    print(z, list(reversed([1, 2, 3])), [i for i, c in enumerate("xyz") if c != "y"])
    print(s.index("l"), "abcabc".index("c", 3), s.count("l"), "a,b,,c".split(","))
    try:
        "abc".index("z")
    except ValueError as e:
        print("ValueError:", isinstance(e, ValueError))
    d = {}
    for k, v in z:
        d[v] = k
    groups = {"even": [], "odd": []}
    for i in range(7):
        groups["even" if i % 2 == 0 else "odd"].append(i)
    print(d, groups, sorted(d.values()), sorted(d.keys(), reverse=True))
    xs = [0.5, -1.0, 3.25, 0.5, 2.0]
    flag = len(argv) > 0
    print(sorted(xs, reverse=True), sorted(xs, reverse=flag), sorted("hello"), sorted("hello", reverse=True))
    total = 0
    i = 0
    while i < 10:
        i += 1
        if i % 3 == 0:
            continue
        total += i
    else:
        total = -total
    print(total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
