"""Objects a JIT loop did not allocate, read and written under two names:
the tracer answers a read of such an object's field from what the trace
read or stored there before (tracer.c's caches), so a store through
another name for the same object, or a call that writes the field, must
make it forget, and a pure computation repeated on a value must see the
value's new contents. Immutable fields stay known across everything."""
from rlib.jit import JitDriver, dont_look_inside

driver = JitDriver(greens=[], reds=["i", "n", "acc", "cells", "a"])


class Cell(object):
    _immutable_fields_ = ["tag"]

    def __init__(self, tag, v):
        self.tag = tag
        self.v = v
        self.next = None


def bump(c, k):
    # traced into: its stores are recorded
    j = 0
    while j < k:
        c.v += 1
        j += 1
    if c.v < -1000000:
        raise ValueError("too small")
    return c.v


@dont_look_inside
def bump_opaque(c, k):
    # a residual call: the trace does not see its stores
    c.v += k
    return c.v


def run(n):
    cells = [Cell(t, t * 10) for t in range(5)]
    for t in range(4):
        cells[t].next = cells[t + 1]
    cells[4].next = cells[0]
    a = cells[0]
    i = 0
    acc = 0
    while i < n:
        driver.jit_merge_point(i=i, n=n, acc=acc, cells=cells, a=a)
        b = cells[i % 5]              # a, under another name one time in five
        x = a.v
        b.v += 3                      # must show through a
        acc += a.v - x + a.tag
        c = a.next.next.next.next.next  # a again, through five reads
        c.v += 1
        acc += a.v + b.v
        if i % 7 == 3:
            acc += bump(b, 2)         # a call that writes b.v
        y = a.v
        acc += bump_opaque(b, i % 3)  # a residual call that writes b.v
        acc += a.v - y
        acc += a.v * 3 + b.v + a.tag + b.tag
        if a.v > 500:
            a.v -= 400
        if i % 11 == 5:
            a = a.next                # another object from here on
        acc &= 0xffffffff
        i += 1
    return acc


def main(argv):
    for n in [10, 100, 2500]:
        print("n %d: %d" % (n, run(n)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
