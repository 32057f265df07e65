"""Exceptions raised and caught inside traced code: iterators ending with
StopIteration in unroll_safe helpers, user exceptions of two classes
raised at data-dependent points and caught in the interpreter loop (the
trace follows the raise to its handler after a guard on the class; the
other class makes that guard fail), and an exception that leaves the
portal."""
from rlib.jit import JitDriver, unroll_safe


class Oops(Exception):
    def __init__(self, code):
        self.code = code


class Other(Exception):
    pass


driver = JitDriver(greens=["pc"], reds=["acc", "n", "xs"])


@unroll_safe
def total(xs, k):
    s = 0
    for i in range(k):
        s += xs[i]
    return s


def check(v):
    if v % 13 == 0:
        raise Oops(v % 5)
    if v % 97 == 0:
        raise Other("other")
    return v


def run(n, xs):
    pc = 0
    acc = 0
    while n > 0:
        driver.jit_merge_point(pc=pc, acc=acc, n=n, xs=xs)
        acc = (acc + total(xs, 3)) % 1000003
        try:
            acc = (acc + check(n)) % 1000003
        except Oops as e:
            acc = (acc * 3 + e.code) % 1000003
        except Other:
            acc = (acc + 7) % 1000003
        for j in range(2):
            try:
                if (n + j) % 11 == 0:
                    raise Oops(j)
                acc += 1
            except Oops as e:
                acc += e.code * 2
        if n == 77777:
            raise Other("left the loop")
        n -= 1
    return acc


def main(argv):
    print(run(30000, [1, 2, 3, 4]))
    try:
        print(run(80000, [5, 6, 7, 8]))
    except Other:
        print("escaped")
    print(run(1000, [0, 0, 1, 0]))
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
