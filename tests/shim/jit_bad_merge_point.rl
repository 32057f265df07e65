"""jit_merge_point must name every green and red: a missing red stops the
program (the translator rejects it), and `except Exception` cannot hide it."""
import sys

from rpython.rlib.jit import JitDriver

driver = JitDriver(greens=['pc'], reds=['a', 'b'])


def main(argv):
    print("before")
    try:
        driver.jit_merge_point(pc=0, a=1)
        print("not reached")
    except Exception:
        print("must not be caught")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
