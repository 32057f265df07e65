"""Looking up a str among chars (a list or dict whose items or keys are
all one-char strs so far) compares the whole str, not its first char;
tuples of chars stored where tuples of strs are expected are converted;
d.copy() of a dict with deleted entries, then grown with other keys."""
import sys


def main(argv):
    n = len(argv)
    s = "xy" * n
    d = {"a": 1, "x": 2}
    print(s in d, "ab" in d, d.get(s, 0), d.get("xz", 5), s[0] in d)
    try:
        print(d[s])
    except KeyError as e:
        print("KeyError", str(e))
    print(d.pop("ab", 9), d)
    l = ["a", "b"]
    print("ab" in l, "a" in l, l.count("ab"), s not in l)
    try:
        print(l.index("bc"))
    except ValueError as e:
        print("ValueError", str(e))
    t = ("a", "b")
    print(s in t, s[0] in t, "ab" in t)
    tl = [(1, "a")]
    tl.append((2, "bc"))
    print(tl, (1, s) in tl, (1, "a") in tl, tl.count((1, s)))
    td = {(1, "a"): 2}
    print((1, s) in td, td.get((1, s), 0), td.get((1, "a"), 0))
    vd = {1: ("a", 1)}
    vd[2] = ("bc", 2)
    print(vd)
    c = {"a": 1, "b": 2, "c": 3}
    del c["a"]
    e = c.copy()
    e["new"] = 1
    print(c, e, len(c), len(e), c == e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
