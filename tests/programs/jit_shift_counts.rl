"""Shifts by counts computed at run time in a JIT loop: right shifts
below 64, at 64 and past it (0 or -1), so that the count changes side of
64 while the loop runs (guards fail and bridges take the other side); left
shifts that do not overflow (CPython's ints would not wrap)."""
from rlib.jit import JitDriver

driver = JitDriver(greens=[], reds=["i", "n", "acc", "x"])


def run(n):
    i = 0
    acc = 0
    x = -12345
    while i < n:
        driver.jit_merge_point(i=i, n=n, acc=acc, x=x)
        c = (i * 7) % 80               # 0..79: both sides of 64
        r = x >> c                     # arithmetic: -1 or 0 from 64 on
        u = (i + 1) >> c
        l = (i % 13) << (c % 59)
        acc = (acc * 31 + r + u + (l & 0xffff) + (l >> 48)) & 0xffffffff
        if i % 9 == 4:
            x = -x + i                 # the sign of the shifted value changes too
        i += 1
    return acc


def main(argv):
    for n in [10, 100, 3000]:
        print("n %d: %d" % (n, run(n)))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
