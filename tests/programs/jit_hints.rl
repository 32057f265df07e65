"""rlib.jit hints in a small interpreter: a virtualizable frame,
_immutable_fields_ (plain, [*] and quasi-immutable ?), reds='auto',
promote, promote_string, hint(promote=True), elidable, unroll_safe,
dont_look_inside, look_inside, look_inside_iff with isconstant,
we_are_jitted, set_param, two drivers (one recursive), specialize, and
rlib.objectmodel's we_are_translated / compute_hash (not printed)."""
import sys
from rlib.jit import JitDriver, elidable, unroll_safe, dont_look_inside, look_inside
from rlib.jit import look_inside_iff, isconstant, promote, promote_string, hint
from rlib.jit import we_are_jitted, set_param
from rlib.objectmodel import we_are_translated, compute_hash, compute_identity_hash
from rlib.objectmodel import specialize


class Frame(object):
    _virtualizable_ = ["acc", "stack[*]"]

    def __init__(self, size):
        self = hint(self, access_directly=True, fresh_virtualizable=True)
        self.acc = 0
        self.stack = [0] * size


class Code(object):
    _immutable_fields_ = ["ops[*]", "name", "version?"]

    def __init__(self, name, ops):
        self.name = name
        self.ops = ops
        self.version = 0


outer = JitDriver(greens=["pc", "code"], reds=["frame"], virtualizables=["frame"],
                  is_recursive=True)
inner = JitDriver(greens=["n"], reds="auto")


@elidable
def op_cost(op):
    return op * 2 + 1


def small(n):
    return isconstant(n)


@look_inside_iff(small)
def power_of_two(n):
    r = 1
    for i in range(n):
        r *= 2
    return r


@unroll_safe
def sum_list(xs):
    t = 0
    for x in xs:
        t += x
    return t


@dont_look_inside
def log_line(s):
    return len(s)


@look_inside
def double(x):
    return x + x


@specialize.argtype(0)
def describe(x):
    return "<%s>" % str(x)


def count_down(n):
    total = 0
    while n > 0:
        inner.jit_merge_point(n=n)
        total += n
        n -= 1
    return total


def interpret(code, frame):
    pc = 0
    while pc < len(code.ops):
        outer.jit_merge_point(pc=pc, code=code, frame=frame)
        op = promote(code.ops[pc])
        name = promote_string(code.name)
        v = hint(op, promote=True)
        if v == 0:
            frame.acc += 1
        elif v == 1:
            frame.acc = double(frame.acc)
        elif v == 2:
            frame.stack[0] = frame.acc
        elif v == 3:
            frame.acc += op_cost(v) + len(name)
        elif v == 4:
            frame.acc += count_down(3)
        pc += 1
    return frame.acc


def main(argv):
    set_param(outer, "threshold", 100)
    set_param(None, "trace_limit", 5000)
    code = Code("prog", [0, 0, 1, 2, 3, 1, 4])
    f = Frame(2)
    print(interpret(code, f), f.stack)
    code.version += 1
    print(code.version, power_of_two(10), sum_list([1, 2, 3]), log_line("abc"), double(21))
    print(describe(1), describe("s"), describe(2.5))
    print(we_are_jitted(), we_are_translated() or True, small(3) or True)
    h1 = compute_hash("abc")
    h2 = compute_hash("abc")
    o = Code("x", [])
    print(h1 == h2, compute_identity_hash(o) == compute_identity_hash(o))
    print(hash("key") == hash("key"), hash(12) == hash(12))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
