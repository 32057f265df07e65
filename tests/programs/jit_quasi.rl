"""Quasi-immutable fields ('version?' in _immutable_fields_): an
interpreter's global variables live in a dict behind a version object, as
in PyPy; traces read the version as a constant and fold the lookups, and
a write of a global (a new version) invalidates them. The user programs
change globals at data-dependent points, inside and outside hot loops."""
from rlib.jit import JitDriver, elidable, promote

LOADG, STOREG, ADDG, MULK, JNZ, DEC, HALT, SETG_IF = range(8)
NAMES = ["loadg", "storeg", "addg", "mulk", "jnz", "dec", "halt", "setg_if"]


class VersionTag(object):
    pass


class Globals(object):
    _immutable_fields_ = ["version?"]

    def __init__(self):
        self.vals = {}
        self.version = VersionTag()

    def get(self, name):
        return self._get(promote(self.version), name)

    @elidable
    def _get(self, version, name):
        return self.vals.get(name, 0)

    def set(self, name, value):
        if self.vals.get(name, 0) != value:
            self.vals[name] = value
            self.version = VersionTag()


class Code(object):
    _immutable_fields_ = ["ops[*]", "args[*]", "names[*]"]

    def __init__(self, ops, args, names):
        self.ops = ops
        self.args = args
        self.names = names


def get_location(pc, code):
    return "%d:%s" % (pc, NAMES[code.ops[pc]])


driver = JitDriver(greens=["pc", "code"], reds=["acc", "n", "g"],
                   get_printable_location=get_location)

G = Globals()


def run(code, n, g):
    pc = 0
    acc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, acc=acc, n=n, g=g)
        op = code.ops[pc]
        arg = code.args[pc]
        name = code.names[pc]
        pc += 1
        if op == LOADG:
            acc = G.get(name)
        elif op == STOREG:
            G.set(name, acc)
        elif op == ADDG:
            acc = (acc + G.get(name)) % 1000003
        elif op == MULK:
            acc = (acc * arg) % 1000003
        elif op == DEC:
            n -= 1
        elif op == SETG_IF:  # every arg-th iteration, a global changes
            if n % arg == 0:
                G.set(name, n % 7 + 1)
        elif op == JNZ:
            if n > 0:
                pc = arg
                driver.can_enter_jit(pc=pc, code=code, acc=acc, n=n, g=g)
        elif op == HALT:
            return acc


def make(prog):
    ops = []
    args = []
    names = []
    for op, arg, name in prog:
        ops.append(op)
        args.append(arg)
        names.append(name)
    return Code(ops[:], args[:], names[:])


def main(argv):
    g = G
    g.set("step", 3)
    g.set("bias", 11)
    loop = make([(ADDG, 0, "step"), (MULK, 7, ""), (ADDG, 0, "bias"), (DEC, 0, ""),
                 (JNZ, 0, ""), (HALT, 0, "")])
    changing = make([(ADDG, 0, "step"), (SETG_IF, 997, "step"), (MULK, 3, ""),
                     (ADDG, 0, "bias"), (DEC, 0, ""), (JNZ, 0, ""), (HALT, 0, "")])
    for n in [10, 5000, 20000]:
        print("loop %d: %d" % (n, run(loop, n, g)))
    g.set("step", 5)  # outside the loop: the compiled loop must not see 3
    print("loop after step=5: %d" % run(loop, 20000, g))
    for n in [3000, 50000]:
        print("changing %d: %d" % (n, run(changing, n, g)))
    g.set("bias", 2)
    print("loop after bias=2: %d" % run(loop, 20000, g))
    print("changing again: %d" % run(changing, 30000, g))
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
