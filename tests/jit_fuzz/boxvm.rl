"""A register VM over boxed values, for the second random differential JIT
test (tests/jit_fuzz/run_box.sh; programs from gen_box.py). It is written
the way dynamic-language interpreters are: every value is a box of a small
class hierarchy (W_Int, W_Float, W_Pair, W_Nil) whose operations are
methods called through the base class (double dispatch for arithmetic),
registers live in a Frame's list, code objects are immutable, functions are
separate code objects called recursively through the portal. Loops
allocate boxes that mostly stay virtual in traces; some escape into a
global list at data-dependent points, pairs are mutated (setfst), and
identity and class tests look at the boxes.

Program text: sections "F NREGS" (function 0 is main), then one
instruction a line ('#' starts a comment line), "NAME A B C" (integers; jump targets are absolute pcs
within the function). Usage: boxvm PROGRAM [BUDGET]: it stops after BUDGET
instructions (all functions together) and says so, then prints checksums of
main's registers, of the escaped list and of what was printed."""
import os
import sys

from rpython.rlib.jit import JitDriver, elidable
from rpython.rlib.rarithmetic import ovfcheck

M = 1000003
MAXDEPTH = 4
MAXPRINT = 25

NAMES = ["const", "fconst", "nil", "mov", "add", "sub", "mul", "pair",
         "fst", "snd", "swap", "jlt", "jtrue", "jis", "jinst", "escape",
         "call", "ret", "print", "loop", "jmp", "gload", "setfst", "jeq",
         "raise", "mulx", "div", "cell", "cset"]
(CONST, FCONST, NIL, MOV, ADD, SUB, MUL, PAIR, FST, SND, SWAP, JLT, JTRUE,
 JIS, JINST, ESCAPE, CALL, RET, PRINT, LOOP, JMP, GLOAD, SETFST, JEQ,
 RAISE, MULX, DIV, CELL, CSET) = range(29)


def get_location(pc, code):
    return "f%d:%d:%s" % (code.index, pc, NAMES[code.ops[pc]])


driver = JitDriver(greens=["pc", "code"], reds=["frame", "state"], virtualizables=["frame"],
                   get_printable_location=get_location)


class W_Obj(object):
    def value(self):
        return 0

    def fvalue(self):
        return float(self.value())

    def is_true(self):
        return False

    def depth(self):
        return 0

    def kind(self):
        return 0

    def add(self, w):
        return w

    def add_int(self, v):
        return W_Int(v % M)

    def add_float(self, f):
        return W_Float(f % 997.0)

    def neg(self):
        return self

    def mul(self, w):
        return W_Int(((self.value() % M) * (w.value() % M)) % M)

    def first(self):
        return self

    def second(self):
        return W_NIL

    def flatten(self):
        return self


class W_Nil(W_Obj):
    pass


W_NIL = W_Nil()


class W_Int(W_Obj):
    def __init__(self, v):
        self.v = v

    def value(self):
        return self.v

    def is_true(self):
        return self.v != 0

    def kind(self):
        return 1

    def add(self, w):
        return w.add_int(self.v)

    def add_int(self, v):
        return W_Int((v + self.v) % M)

    def add_float(self, f):
        return W_Float((f + float(self.v)) % 997.0)

    def neg(self):
        return W_Int((-self.v) % M)


class W_Float(W_Obj):
    def __init__(self, f):
        self.f = f

    def value(self):
        return int(self.f * 16.0)

    def fvalue(self):
        return self.f

    def is_true(self):
        return self.f != 0.0

    def kind(self):
        return 2

    def add(self, w):
        return w.add_float(self.f)

    def add_int(self, v):
        return W_Float((float(v) + self.f) % 997.0)

    def add_float(self, f):
        return W_Float((f + self.f) % 997.0)

    def neg(self):
        return W_Float(-self.f)

    def mul(self, w):
        return W_Float((self.f * w.fvalue()) % 1009.0)


class W_Pair(W_Obj):
    def __init__(self, a, b):
        self.a = a
        self.b = b
        self.d = 1 + max(a.depth(), b.depth())

    def value(self):
        return ((self.a.value() % M) * 31 + (self.b.value() % M) * 7 + 3) % M

    def is_true(self):
        return True

    def depth(self):
        return self.d

    def kind(self):
        return 3

    def add(self, w):
        return W_Pair(self.a.add(w), self.b)

    def add_int(self, v):
        return W_Pair(self.a.add_int(v), self.b)

    def add_float(self, f):
        return W_Pair(self.a, self.b.add_float(f))

    def neg(self):
        return W_Pair(self.b.neg(), self.a)

    def mul(self, w):
        return W_Pair(self.a, self.b.mul(w))

    def first(self):
        return self.a

    def second(self):
        return self.b

    def flatten(self):
        return W_Int(self.value())


class W_Cell(W_Obj):
    """A mutable box: loops that keep one in a register (aliased by
    others, escaped or not) and update it stress the heap, carry and unbox
    passes."""

    def __init__(self, c):
        self.c = c

    def value(self):
        return self.c

    def is_true(self):
        return self.c != 0

    def kind(self):
        return 4


class Code(object):
    _immutable_fields_ = ["ops[*]", "args[*]", "nregs", "index", "funcs"]

    def __init__(self, index, nregs, ops, args, funcs):
        self.index = index
        self.nregs = nregs
        self.ops = ops
        self.args = args
        self.funcs = funcs


@elidable
def callee(code, k):
    return code.funcs[k]


class Frame(object):
    # a virtualizable (its registers carried in a loop's registers, across
    # calls that never see the frame)
    _virtualizable_ = ["regs[*]"]

    def __init__(self, nregs, depth):
        self.regs = [W_NIL] * nregs
        self.depth = depth


class State(object):
    def __init__(self, budget):
        self.steps = 0
        self.budget = budget
        self.exhausted = False
        self.escaped = []
        self.nprinted = 0
        self.printsum = 0
        self.caught = 0


class VMError(Exception):
    def __init__(self, w):
        self.w = w


def bounded(w):
    if w.depth() > 4:
        return w.flatten()
    return w


def run(code, state, frame):
    pc = 0
    while pc < len(code.ops):
        driver.jit_merge_point(pc=pc, code=code, frame=frame, state=state)
        if state.steps >= state.budget:
            state.exhausted = True
            return W_NIL
        state.steps += 1
        op = code.ops[pc]
        a = code.args[3 * pc]
        b = code.args[3 * pc + 1]
        c = code.args[3 * pc + 2]
        pc += 1
        if op == CONST:
            frame.regs[a] = W_Int(b)
        elif op == FCONST:
            frame.regs[a] = W_Float(b / 4.0)
        elif op == NIL:
            frame.regs[a] = W_NIL
        elif op == MOV:
            frame.regs[a] = frame.regs[b]
        elif op == ADD:
            frame.regs[a] = bounded(frame.regs[b].add(frame.regs[c]))
        elif op == SUB:
            frame.regs[a] = bounded(frame.regs[b].add(frame.regs[c].neg()))
        elif op == MUL:
            frame.regs[a] = bounded(frame.regs[b].mul(frame.regs[c]))
        elif op == PAIR:
            x = frame.regs[b]
            y = frame.regs[c]
            if x.depth() >= 3:
                x = x.flatten()
            if y.depth() >= 3:
                y = y.flatten()
            frame.regs[a] = W_Pair(x, y)
        elif op == FST:
            x = frame.regs[b]
            if isinstance(x, W_Pair):
                frame.regs[a] = x.a
            else:
                frame.regs[a] = x
        elif op == SND:
            frame.regs[a] = frame.regs[b].second()
        elif op == SWAP:
            x = frame.regs[a]
            frame.regs[a] = frame.regs[b]
            frame.regs[b] = x
        elif op == SETFST:
            p = frame.regs[a]
            x = frame.regs[b]
            if isinstance(p, W_Pair) and x.depth() < p.d:
                p.a = x
        elif op == JLT or op == JTRUE or op == JIS or op == JINST or op == JEQ or op == JMP:
            if op == JLT:
                jump = frame.regs[a].value() < frame.regs[b].value()
            elif op == JTRUE:
                jump = frame.regs[a].is_true()
            elif op == JIS:
                jump = frame.regs[a] is frame.regs[b]
            elif op == JEQ:
                jump = frame.regs[a].value() % 7 == b
            elif op == JINST:
                x = frame.regs[a]
                if b == 0:
                    jump = isinstance(x, W_Nil)
                elif b == 1:
                    jump = isinstance(x, W_Int)
                elif b == 2:
                    jump = isinstance(x, W_Float)
                elif b == 3:
                    jump = isinstance(x, W_Pair)
                else:
                    jump = isinstance(x, W_Cell)
            else:
                jump = True
            if jump:
                if c < pc:
                    pc = c
                    driver.can_enter_jit(pc=pc, code=code, frame=frame, state=state)
                else:
                    pc = c
        elif op == LOOP:
            n = frame.regs[a].value() - 1
            frame.regs[a] = W_Int(n)
            if n > 0:
                pc = b
                driver.can_enter_jit(pc=pc, code=code, frame=frame, state=state)
        elif op == ESCAPE:
            x = frame.regs[a]
            if x.value() % b == c:
                state.escaped.append(x)
        elif op == GLOAD:
            n = len(state.escaped)
            if n > 0:
                frame.regs[a] = state.escaped[(b + frame.regs[c].value()) % n]
        elif op == CALL:
            if frame.depth < MAXDEPTH:
                f = callee(code, b)
                sub = Frame(f.nregs, frame.depth + 1)
                sub.regs[0] = frame.regs[c]
                if f.nregs > 1:
                    sub.regs[1] = frame.regs[a]
                try:
                    w = run(f, state, sub)
                except VMError as e:
                    state.caught += 1
                    w = bounded(e.w)
                if state.exhausted:
                    return W_NIL
                frame.regs[a] = w
            else:
                frame.regs[a] = frame.regs[c]
        elif op == RET:
            return frame.regs[a]
        elif op == CELL:
            frame.regs[a] = W_Cell(frame.regs[b].value() % M)
        elif op == CSET:
            x = frame.regs[a]
            if isinstance(x, W_Cell):
                x.c = (x.c + frame.regs[b].value() + c) % M
        elif op == RAISE:
            x = frame.regs[a]
            if x.value() % b == c:
                raise VMError(W_Pair(x, W_Int(pc)))
        elif op == MULX:
            # ints stay below 2**43 in magnitude, so adds never wrap
            x = frame.regs[b].value()
            y = frame.regs[c].value()
            try:
                r = ovfcheck(x * y) >> 20
            except OverflowError:
                r = -((x % M) * (y % M) % M)
            frame.regs[a] = W_Int(r)
        elif op == DIV:
            x = frame.regs[b].value()
            y = frame.regs[c].value() % 5 - 2
            try:
                frame.regs[a] = W_Int(x // y)
            except ZeroDivisionError:
                frame.regs[a] = W_Float(float(x % 1000) / 3.0)
        elif op == PRINT:
            v = frame.regs[a].value()
            state.nprinted += 1
            if state.nprinted <= MAXPRINT:
                print("print %d kind %d" % (v, frame.regs[a].kind()))
            state.printsum = (state.printsum * 131 + v) % 1000000007
    return frame.regs[0]


def parse(text):
    funcs = []
    nregs = 0
    ops = []
    args = []
    for raw in text.split("\n"):
        parts = raw.split()
        if len(parts) == 0 or parts[0].startswith("#"):
            continue
        if parts[0] == "F":
            if len(funcs) > 0 or len(ops) > 0:
                funcs.append(Code(len(funcs), nregs, ops[:], args[:], funcs))
            nregs = int(parts[1])
            ops = []
            args = []
            continue
        ops.append(NAMES.index(parts[0]))
        for k in range(3):
            if k + 1 < len(parts):
                args.append(int(parts[k + 1]))
            else:
                args.append(0)
    funcs.append(Code(len(funcs), nregs, ops[:], args[:], funcs))
    return funcs


def main(argv):
    if len(argv) < 2:
        os.write(2, "usage: boxvm PROGRAM [BUDGET]\n")
        return 2
    fd = os.open(argv[1], os.O_RDONLY, 0)
    chunks = []
    while True:
        data = os.read(fd, 4096)
        if len(data) == 0:
            break
        chunks.append(data)
    os.close(fd)
    budget = 200000
    if len(argv) > 2:
        budget = int(argv[2])
    funcs = parse("".join(chunks))
    state = State(budget)
    frame = Frame(funcs[0].nregs, 0)
    try:
        w = run(funcs[0], state, frame)
    except VMError as e:
        print("raised %d" % e.w.value())
        w = e.w
    if state.exhausted:
        print("budget exhausted")
    print("result %d kind %d steps %d" % (w.value(), w.kind(), state.steps))
    total = 0
    for i in range(len(frame.regs)):
        x = frame.regs[i]
        total = (total * 1009 + x.value() * 5 + x.kind() + x.depth() * 3) % 1000000007
    print("regs %d" % total)
    total = 0
    same = 0
    for i in range(len(state.escaped)):
        x = state.escaped[i]
        total = (total * 1013 + x.value() * 5 + x.kind()) % 1000000007
        if i > 0 and state.escaped[i - 1] is x:
            same += 1
    print("escaped %d %d same %d" % (len(state.escaped), total, same))
    print("printed %d %d caught %d" % (state.nprinted, state.printsum, state.caught))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
