"""List comprehensions: with conditions, nested loops, over strs, dict
keys/items, enumerate, zip and range; producing lists of lists, tuples and
strings; the loop variable does not leak into the enclosing function."""
import sys


def main(argv):
    print([x * x for x in range(10)])
    print([x for x in range(30) if x % 3 == 0 if x % 2 == 0])
    print([(i, j) for i in range(3) for j in range(i)])
    print([[i * j for j in range(4)] for i in range(3)])
    print([c.upper() for c in "hello" if c != "l"])
    d = {"b": 2, "a": 1, "c": 3}
    print([k for k in d], [k + "=" + str(v) for k, v in d.items()], [v * 10 for v in d.values()])
    print([i * 100 + ord(c) for i, c in enumerate("abc")])
    print([a + b for a, b in zip([1, 2, 3], [10, 20, 30])])
    print([w for w in "the quick brown fox".split() if len(w) > 3])
    print(["%d:%s" % (n, "odd" if n % 2 else "even") for n in range(4)])
    flat = [x for row in [[1, 2], [3], [], [4, 5, 6]] for x in row]
    print(flat, sum([x for x in flat if x > 2]))
    primes = [n for n in range(2, 50) if all_nonzero([n % d for d in range(2, n)])]
    print(primes)
    x = "outer"
    ys = [x for x in range(3)]
    print(x, ys)
    matrix = [[1, 2, 3], [4, 5, 6]]
    print([[row[i] for row in matrix] for i in range(3)])
    print([[]for i in range(2)], [0 for i in range(0)])
    return 0


def all_nonzero(xs):
    for x in xs:
        if x == 0:
            return False
    return True


if __name__ == "__main__":
    sys.exit(main(sys.argv))
