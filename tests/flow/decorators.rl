from rpython.rlib import jit
from rpython.rlib.jit import elidable, look_inside_iff, dont_look_inside
from rlib.objectmodel import specialize
import rpython.rlib.jit


def pred(x):
    return jit.isconstant(x)


@elidable
def pure(x):
    return x + 1


@jit.unroll_safe
@specialize.argtype(0)
def unrolled(x):
    return x


@look_inside_iff(pred)
def maybe(x):
    return x


@rpython.rlib.jit.dont_look_inside
@specialize.memo()
def opaque(x):
    return x


def target(driver, *args):
    return pure, None
