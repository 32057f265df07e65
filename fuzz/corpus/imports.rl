import os
from rpython.rlib.jit import JitDriver, elidable, promote
import rlib.jit as jit
global_ = 3
@jit.elidable
def f(x):
    global global_
    return promote(x) + global_
if __name__ == "__main__":
    f(1)
