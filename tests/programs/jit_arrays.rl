"""Small fixed-length lists made in a JIT loop: `[x] * n` with a constant
n, list literals, lists of lists. Most never escape (the JIT keeps their
items in registers: virtual arrays); some are read at an index known
only at run time, some escape into a kept list at data-dependent steps,
and guards fail while they are still virtual (the JIT must build them,
items and all, before resuming, and bridges rebuild them)."""
from rlib.jit import JitDriver

driver = JitDriver(greens=["mode"], reds=["i", "n", "acc", "kept", "last"])


class Item(object):
    def __init__(self, v):
        self.v = v


def total(row):
    s = 0
    for it in row:
        s += it.v
    return s


def run(n, mode):
    i = 0
    acc = Item(1)
    kept = []
    last = [acc] * 2
    while i < n:
        driver.jit_merge_point(mode=mode, i=i, n=n, acc=acc, kept=kept, last=last)
        row = [acc] * 3
        row[1] = Item(i)
        pair = [row[0], row[2]]
        grid = [row, pair, [Item(i % 7)]]
        if i % 5 == 3:                       # a guard fails with row, pair, grid virtual
            acc = Item(acc.v + grid[2][0].v)
        elif i % 11 == 6:                    # an index known only at run time
            acc = Item(acc.v + row[i % 3].v + len(grid[i % 3]))
        else:
            acc = Item((acc.v * 3 + pair[1].v + grid[0][1].v) % 10007)
        if i % 13 == 0:                      # escapes: kept for later
            kept.append(grid)
        if mode == 1 and i % 17 == 9:
            last = row
        i += 1
    s = 0
    for g in kept:
        s += total(g[0]) + total(g[1]) + total(g[2])
    return acc.v * 100000 + s % 100000 + total(last)


def main(argv):
    for mode in [0, 1]:
        for n in [10, 100, 3000]:
            print("mode %d n %d: %d" % (mode, n, run(n, mode)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
