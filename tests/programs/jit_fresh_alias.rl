"""Objects a JIT loop allocates, stored into other new objects and read
back: the tracer answers reads of a new object's fields from what the
trace stored there, so a second name for the same object (read out of a
list at an index known only at run time, or out of an object that
escaped into a global list) must make it forget what it knew, and writes
through either name must show through the other."""
from rlib.jit import JitDriver

driver = JitDriver(greens=[], reds=["i", "n", "acc", "keep"])


class Box(object):
    def __init__(self, v):
        self.v = v
        self.other = None


class Pair(object):
    def __init__(self, a, b):
        self.a = a
        self.b = b


def run(n):
    i = 0
    acc = 0
    keep = [Pair(Box(0), Box(1))]
    while i < n:
        driver.jit_merge_point(i=i, n=n, acc=acc, keep=keep)
        x = Box(i)
        y = Box(i * 3)
        items = [x, y, x]
        j = i % 3                     # an index the trace does not know
        z = items[j]                  # x or y under another name
        z.v += 5
        acc += x.v * 7 + y.v          # must see the write through z
        p = Pair(x, y)
        x.other = y
        if i % 4 == 1:
            keep.append(p)            # p escapes with x and y in it
            q = keep[len(keep) - 1]
            q.a.v += 100              # a write through the escaped name
        acc += p.a.v + x.v + x.other.v
        y.v = acc & 1023
        acc += p.b.v + items[(i + 1) % 3].v
        if len(keep) > 50:
            keep = [keep[-1]]
        acc &= 0xffffffff
        i += 1
    return acc


def main(argv):
    for n in [10, 100, 3000]:
        print("n %d: %d" % (n, run(n)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
