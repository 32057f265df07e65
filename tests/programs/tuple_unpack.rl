"""Tuples: packing and unpacking, swaps, nested unpacking, functions
returning several values, tuples in lists and as dict values, iteration
with unpacking, tuple indexing by constants, len, equality, `in`."""
import sys


def minmax(xs):
    lo = xs[0]
    hi = xs[0]
    for x in xs:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return lo, hi


def stats(xs):
    lo, hi = minmax(xs)
    total = sum(xs)
    return (lo, hi, total, float(total) / len(xs))


def split_name(full):
    parts = full.split(" ")
    return parts[0], parts[-1], len(parts)


def main(argv):
    a, b = 1, 2
    a, b = b, a
    print(a, b)
    x, y, z = "xyz"
    print(x, y, z)
    p, q = [10, 20]
    print(p, q)
    lo, hi, total, mean = stats([4, 8, 15, 16, 23, 42])
    print(lo, hi, total, mean)
    t = stats([3, 1, 2])
    print(t, t[0], t[3], len(t), t == (1, 3, 6, 2.0))
    first, last, n = split_name("Ada King Lovelace")
    print(first, last, n)
    (m, (k, j)) = (1, (2, 3))
    print(m, k, j)
    pairs = [("a", 1), ("b", 2), ("c", 3)]
    for name, num in pairs:
        print(name * num, end=" ")
    print()
    for i, (name, num) in enumerate(pairs):
        print(i, name, num, end="; ")
    print()
    table = {"origin": (0, 0), "unit": (1, 1)}
    ox, oy = table["origin"]
    print(ox, oy, table)
    triples = [(i, i * i, i * i * i) for i in range(4)]
    print(triples, [c for a2, b2, c in triples])
    fib = [0, 1]
    u, v = 0, 1
    for i in range(10):
        u, v = v, u + v
        fib.append(v)
    print(fib)
    arr = [5, 6, 7]
    i = 0
    i, arr[i] = 2, 99
    print(i, arr)
    try:
        e, f = split_name("Plato")[0], split_name("x y")[2]
        print(e, f)
        g, h = "abc"
    except ValueError:
        print("ValueError: wrong number of values to unpack")
    print((1, "a") in [(1, "a"), (2, "b")], (3, "c") not in [(1, "a")])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
