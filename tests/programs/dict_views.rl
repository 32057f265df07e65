# dict views: d.keys(), d.values() and d.items() are lists in RL, views in
# Python 3; the uses where both agree are accepted (printing, comparing,
# indexing, slicing, '+', '*' or list methods of a view are translation
# errors: tests/errors/view_*.rl).
import sys


def total(vals):
    s = 0
    for v in vals:
        s += v
    return s


def main(argv):
    d = {"b": 2, "a": 1, "c": 3}
    for k in d.keys():
        print(k, end=" ")
    print()
    for k, v in d.items():
        print(k, v, end="; ")
    print()
    print(len(d.keys()), len(d.values()), len(d.items()))
    print("a" in d.keys(), "z" in d.keys(), 2 in d.values(), ("c", 3) in d.items())
    print(list(d.keys()), list(d.values()), list(d.items()))
    print(sorted(d.keys()), sorted(d.values(), reverse=True))
    print(sum(d.values()), min(d.keys()), max(d.values()), max(d.items()))
    for i, k in enumerate(d.keys()):
        print(i, k, end=" ")
    print()
    for k, v in zip(d.keys(), d.values()):
        print(k + "=" + str(v), end=" ")
    print()
    print([k for k in reversed(list(d.keys()))], "-".join(d.keys()))
    l = ["x"]
    l.extend(d.keys())
    l += d.keys()
    print(l)
    print(total(d.values()), bool(d.keys()), bool({}.keys()))
    ks = list(d.keys())
    ks.append("z")
    ks.sort()
    print(ks, ks[0], ks[1:3], ks == ["a", "b", "c", "z"])
    e = {}
    e[(1, 2)] = 1.5
    for t in e.keys():
        print(t[0], t[1], e[t])
    print([v * 2 for v in d.values()], [k for k, v in d.items() if v > 1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
