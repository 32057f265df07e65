"""A helper module imported by modules.rl."""
from rpython.rlib.jit import elidable

SCALE = 10
TABLE = {"a": 1, "b": 2}


@elidable
def scale(x, factor=SCALE):
    return x * factor
