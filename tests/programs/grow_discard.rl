# Lists and dicts that outgrow their arrays, which go back to the
# allocator at once (rth_gc_discard, rt_gc_discard_raw): prebuilt ones
# (arrays in static data), young and old ones, old lists whose items array
# the write barrier remembered, self-extension, inserts and slice
# assignment, dicts cleared and refilled while others are iterated.
import sys

PREBUILT = [1, 2, 3]
PREBUILT_D = {"a": 1, "b": 2}


class Node(object):
    def __init__(self, value):
        self.value = value
        self.kids = []


def churn(n):
    # garbage enough for a few minor collections in between
    total = 0
    for i in range(n):
        tmp = [i, i + 1, i + 2]
        total += tmp[1]
    return total


def grow_prebuilt():
    for i in range(2000):
        PREBUILT.append(i)
    for i in range(3000):
        PREBUILT_D["k%d" % i] = i
    s = 0
    for x in PREBUILT:
        s += x
    t = 0
    for k in PREBUILT_D:
        t += PREBUILT_D[k]
    return s, t, len(PREBUILT), len(PREBUILT_D)


def grow_old_remembered(rounds):
    keep = []
    for r in range(rounds):
        node = Node(r)
        keep.append(node)
    churn(200000)  # keep and its nodes are old now
    total = 0
    for r in range(rounds):
        node = keep[r]
        for j in range(300):
            node.kids.append(Node(j))  # young items into an old list
            if j % 50 == 0:
                churn(2000)
        total += len(node.kids) + node.kids[-1].value
    return total


def self_extend():
    a = [1, 2, 3]
    for i in range(12):
        a.extend(a)
    b = list(range(10))
    for i in range(500):
        b.insert(i % 7, i)
    b[2:5] = b
    c = []
    for i in range(5000):
        c += [i, -i]
    return len(a), sum(a), len(b), b[0], b[-1], len(c), c[-1]


def dict_cycles():
    d = {}
    seen = 0
    for r in range(20):
        for i in range(r * 300):
            d[i] = i * 2
        other = {}
        for k in d:
            other[k] = d[k] + 1
            seen += 1
        d.clear()
        for k in other:
            d[k] = other[k]
        d.clear()
    return seen, len(d)


def main(argv):
    print(grow_prebuilt())
    print(grow_old_remembered(40))
    print(self_extend())
    print(dict_cycles())
    print(churn(1000))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
