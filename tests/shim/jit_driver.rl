"""rpython.rlib.jit spellings of the JIT hints run and change nothing."""
import sys

from rpython.rlib.jit import JitDriver, elidable, promote
from rpython.rlib.jit import (dont_look_inside, hint, isconstant,
                              look_inside, look_inside_iff, promote_string,
                              purefunction, set_param, unroll_safe,
                              we_are_jitted)
from rlib.jit import elidable_promote


def get_location(pc, code):
    return "%d:%s" % (pc, code[pc])


driver = JitDriver(greens=['pc', 'code'], reds=['acc', 'n'],
                   get_printable_location=get_location)
auto = JitDriver(greens=['s'], reds='auto', is_recursive=True)


@elidable
def cost(c):
    return ord(c) - ord('0')


@purefunction
def one():
    return 1


def both_constant(x, y):
    return isconstant(x) and isconstant(y)


@look_inside_iff(both_constant)
def add(x, y):
    return x + y


@unroll_safe
def total(lst):
    t = 0
    for x in lst:
        t += x
    return t


@dont_look_inside
def shout(s):
    return s.upper()


@look_inside
def quiet(s):
    return s.lower()


@elidable_promote()
def square(x):
    return x * x


def run(code, n):
    pc = 0
    acc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n)
        if pc >= len(code):
            n -= 1
            if n == 0:
                break
            pc = 0
            driver.can_enter_jit(pc=pc, code=code, acc=acc, n=n)
            continue
        acc = add(acc, cost(promote(code[pc])))
        pc += 1
    return acc


def count_a(s):
    i = 0
    k = 0
    while i < len(s):
        auto.jit_merge_point(s=s)
        if s[i] == 'a':
            k += 1
        i += 1
    return k


def main(argv):
    set_param(driver, "threshold", 100)
    set_param(None, "trace_limit", 10000)
    set_param(driver, "enable_opts", "all")
    print(run("123", 4))
    print(count_a("banana"))
    print(total([1, 2, 3]), one(), square(7))
    print(shout("abc"), quiet("DEF"))
    print(we_are_jitted(), isconstant(3), hint(5, promote=True))
    print(promote_string("str"), promote(2.5))
    print(get_location(1, "xyz"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
