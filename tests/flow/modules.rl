import os
import sys
import helper
import rlib.jit as jit
import rpython.rlib.jit
from helper import scale, TABLE as T
from rlib.rarithmetic import intmask, ovfcheck

LIMIT = scale(3)
NAMES = [k for k in T]
if LIMIT > 20:
    MODE = "big"
else:
    MODE = "small"


def main(argv):
    n = intmask(len(argv)) + LIMIT
    os.write(1, MODE)
    return helper.scale(n) + T["a"]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
