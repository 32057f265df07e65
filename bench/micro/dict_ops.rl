"""micro: dicts with int and str keys: insert, lookup, update, delete."""
import sys


def int_dict(n):
    d = {}
    for i in range(n):
        d[i * 7 % n] = i
    total = 0
    for r in range(20):
        for i in range(n):
            total += d[i]
            if (i + r) in d:
                total += 1
    for i in range(0, n, 2):
        del d[i]
    return total + len(d)


def str_dict(n):
    words = ["w%d" % i for i in range(n)]
    counts = {}
    for r in range(10):
        for w in words:
            counts[w] = counts.get(w, 0) + r
    total = 0
    for w in words:
        total += counts[w]
    return total


def main(argv):
    n = 1000000
    if len(argv) > 1:
        n = int(argv[1])
    print("int keys %d" % int_dict(n))
    print("str keys %d" % str_dict(n // 4))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
