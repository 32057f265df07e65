"""`import helper` / `from helper import greet` load helper.rl beside this
file; helper.rl imports helper2.rl beside itself; .rl wins over .py."""
import sys

import helper
import shadowed
from helper import greet


def main(argv):
    print(greet("world"))
    print(helper.greet("again"))
    print(helper.NAME)
    print(shadowed.KIND)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
