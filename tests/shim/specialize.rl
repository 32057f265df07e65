"""objectmodel: specialize decorators and friends change nothing."""
import sys

from rpython.rlib.objectmodel import (always_inline, compute_hash,
                                      compute_identity_hash, not_rpython,
                                      specialize, we_are_translated)


@specialize.argtype(0)
def double(x):
    return x + x


@specialize.arg(1)
def pick(a, which):
    if which:
        return a[0]
    return a[-1]


@specialize.memo()
def table():
    return [1, 2, 3]


@specialize.call_location()
def ident(x):
    return x


@always_inline
def inc(x):
    return x + 1


@not_rpython
def helper_only_at_translation_time():
    return 42


class Box(object):
    def __init__(self, v):
        self.v = v


def main(argv):
    print(double(2), double("ab"), double(1.5))
    print(pick([4, 5, 6], True), pick([4, 5, 6], False))
    print(table(), ident("id"), inc(41))
    print(we_are_translated())
    print(compute_hash(42) == hash(42), compute_hash("ab") == hash("ab"))
    b = Box(1)
    print(compute_identity_hash(b) == compute_identity_hash(b))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
