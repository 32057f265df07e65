"""Dicts: insertion order of keys/values/items, re-insertion after
deletion moves a key to the end, updating keeps the position, pop/get/
setdefault/clear/copy, `in`, int and str keys, iteration while not
resizing, RuntimeError when the size changes during iteration, KeyError."""
import sys


def main(argv):
    d = {}
    for w in ["pear", "apple", "fig", "kiwi", "date"]:
        d[w] = len(w)
    print(d)
    print([k for k in d], [v for v in d.values()], [(k, v) for k, v in d.items()])
    del d["apple"]
    d["apple"] = 50
    d["fig"] = 30
    print(d)
    print(d.pop("kiwi"), d.pop("nope", -1), d.get("pear", -1), d.get("nope", 0))
    print(d.setdefault("pear", 99), d.setdefault("lime", 4), d)
    try:
        d.pop("kiwi")
    except KeyError as e:
        print("KeyError", str(e))
    c = d.copy()
    c["extra"] = 1
    del c["pear"]
    print(len(d), len(c), "extra" in d, "extra" in c, "pear" not in c)
    for k in d:
        d[k] = d[k] * 2
    print(d)
    try:
        for k in d:
            if k == "fig":
                d["new"] = 1
    except RuntimeError:
        print("RuntimeError: size changed during iteration")
    try:
        for k in c:
            del c[k]
    except RuntimeError:
        print("RuntimeError on deletion too")
    print(sorted(d.keys()), len(c))
    d.clear()
    print(d, len(d))
    ints = {}
    for i in range(20):
        ints[(i * 7) % 20] = i
    for i in range(0, 20, 3):
        del ints[i]
    print(ints)
    print([v for v in ints.values()][:3])
    churn = {}
    for i in range(1000):
        churn[i] = i
        if i >= 5:
            del churn[i - 5]
    print(churn)
    words = "the cat and the hat and the bat".split()
    freq = {}
    for w in words:
        freq[w] = freq.get(w, 0) + 1
    print(freq)
    nested = {"a": {"x": 1}, "b": {}}
    nested["b"]["y"] = 2
    nested["a"]["z"] = 3
    print(nested)
    try:
        print(nested["c"]["x"])
    except KeyError as e:
        print("KeyError", str(e))
    neg = {-1: "m", 0: "z", 1: "p"}
    print(neg[-1], neg, {"t": True})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
