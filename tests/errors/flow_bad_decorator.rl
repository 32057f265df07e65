from rlib import jit
import rlib.jit


def deco(f):
    return f


@deco
def f(x):
    return x


@jit.not_a_hint
def g(x):
    return x


@jit.look_inside_iff
def h(x):
    return x


@rlib.jit.elidable
def ok(x):
    return x


@jit.dont_look_inside
class C(object):
    pass
