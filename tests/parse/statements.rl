"""Every statement form of RL (golden test of --dump=ast)."""
import os
import sys as system
from sys import argv, exit as leave
from rlib.jit import (JitDriver,
                      elidable,)

X = 1
a = b = 2
c, (d, e) = [f, g] = 1, (2, 3)
a += 1; a //= 2
t = [1, 2, 3]
del t[0], t[0:1]


@elidable
def f(x, y=2):
    """doc"""
    global X
    if x:
        return
    elif y:
        pass
    elif x and y:
        return x, y
    else:
        raise ValueError("v")
    while x > 0:
        x -= 1
        if x == 3: break
        if x == 4: continue
    else:
        x = -1
    for i, j in enumerate([1]):
        print(i, j, sep=", ", end="")
    else:
        pass
    try:
        x = x // y
    except ZeroDivisionError:
        pass
    except (KeyError, IndexError) as e:
        raise
    else:
        assert x, "msg"
    finally:
        assert y
    return x + X


class A(object):
    _immutable_fields_ = ['x']

    def __init__(self, x):
        self.x = x

    @staticmethod
    def s(n):
        return n << 2


class B(A):
    pass


def target(*args):
    return f, None


if __name__ == "__main__":
    leave(f(len(argv)))
