"""jit.set_param at run time: the threshold and trace limit of a driver
change while its loop runs (a low threshold makes the loop compile at
once), RPython's other parameters are accepted, and the results are the
same with and without the JIT."""
import sys

from rlib.jit import JitDriver, set_param

driver = JitDriver(greens=["step"], reds=["i", "acc", "n"])


def run(n, step):
    i = 0
    acc = 0
    while i < n:
        driver.jit_merge_point(step=step, i=i, acc=acc, n=n)
        acc = (acc * 31 + i * step) % 1000003
        i += 1
    return acc


def main(argv):
    print(run(3000, 1))
    set_param(driver, "threshold", 5)
    set_param(driver, "trace_eagerness", 2)
    set_param(None, "trace_limit", 400)
    set_param(driver, "decay", 40)
    set_param(driver, "enable_opts", "all")
    total = 0
    for step in range(1, 8):
        total += run(500 + step, step)
    print(total)
    set_param(driver, "threshold", 1039)
    print(run(2000, 3))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
