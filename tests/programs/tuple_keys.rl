"""Dicts keyed by tuples (ints, strs, mixed) with float values: insertion
order, get/setdefault/pop, `in`, deletion, update through keys built at run
time, iteration over items, prebuilt tuple-keyed dicts, and float values
summed and formatted. Also dicts keyed by floats (-0.0 and 0.0 are one
key) and by tuples holding floats."""
import sys

# a prebuilt table: (row, col) -> weight
WEIGHTS = {(0, 0): 1.0, (0, 1): 0.5, (1, 0): 0.25, (1, 1): 2.0}
NAMES = {("en", 1): "one", ("en", 2): "two", ("fr", 1): "un", ("fr", 2): "deux"}
FRACTIONS = {0.5: "half", 0.25: "quarter", -0.0: "zero"}


def float_keys():
    d = {}
    for i in range(12):
        x = (i % 5) / 4.0
        d[x] = d.get(x, 0) + i
        d[-x] = -1
    print(len(d), d)
    print(d[0.0], 0.25 in d, 0.3 in d, d.get(2.25, -1), FRACTIONS[0.0], 0.5 in FRACTIONS)
    for k in FRACTIONS:
        print(k, FRACTIONS[k])
    pts = {}
    for i in range(6):
        p = (i * 0.5, float(i % 2))
        pts[p] = pts.get(p, 0) + 1
    print(pts, (1.0, 0.0) in pts, (1.0, 1.0) in pts)
    try:
        print(d[1.125])
    except KeyError as e:
        print("KeyError", str(e))
    print(d.pop(0.75), len(d), max(d.keys()), min(list(d.keys())))


def grid_sums(n):
    d = {}
    for i in range(n):
        for j in range(n):
            key = (i % 3, j % 4)
            d[key] = d.get(key, 0.0) + (i * n + j) / 4.0
    return d


def memo_paths(r, c, memo):
    if r == 0 or c == 0:
        return 1.0
    key = (r, c)
    if key in memo:
        return memo[key]
    v = memo_paths(r - 1, c, memo) + memo_paths(r, c - 1, memo)
    memo[key] = v
    return v


def main(argv):
    d = grid_sums(7)
    print(len(d))
    for k, v in d.items():
        print(k, v)
    total = 0.0
    for k in d:
        total += d[k]
    print("total %.3f" % total, sum(d.values()))
    print((1, 2) in d, (5, 5) in d, d.get((9, 9), -1.5))
    print(WEIGHTS[(1, 1)], WEIGHTS.get((2, 2), 0.0), list(WEIGHTS.keys()))
    WEIGHTS[(2, 2)] = 3.75
    del WEIGHTS[(0, 1)]
    print(WEIGHTS)
    print(NAMES[("fr", 2)], NAMES.get(("de", 1), "?"), ("en", 1) in NAMES)
    lang = "e" + "n"
    print(NAMES[(lang, 1 + 1)])
    memo = {}
    print(memo_paths(10, 10, memo), len(memo))
    print(memo.pop((10, 10)), memo.pop((50, 50), -1.0), len(memo))
    s = {}
    for w in ["b", "a", "b", "c", "a", "b"]:
        k = (w, len(w))
        s[k] = s.setdefault(k, 0.0) + 1.5
    print(s)
    try:
        print(d[(7, 7)])
    except KeyError as e:
        print("KeyError", str(e))
    keys = list(d.keys())
    print(keys[:3], max(keys), min(keys))
    d.clear()
    print(len(d), d)
    float_keys()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
