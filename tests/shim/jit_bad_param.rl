"""set_param with an unknown JIT parameter is an error."""
import sys

from rpython.rlib.jit import JitDriver, set_param

driver = JitDriver(greens=[], reds='auto')


def main(argv):
    set_param(driver, "threshold", 5)
    print("known parameter ok")
    set_param(driver, "treshold", 5)
    print("not reached")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
