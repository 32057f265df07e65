"""A recursive stack VM whose frames are virtualizables and link to their
caller (`back`): a called function reads the caller's stack through that
link (PEEK). The JIT keeps a frame's stack in registers across calls only
when no frame can be reached from memory (the codewriter's
cw_frames_confined); here one can, so a trace must store its frame's
stack and stack pointer before each call, or PEEK would read stale
values. Also runs hot loops that call hot functions (call_assembler) and
functions that call themselves."""
from rlib.jit import JitDriver, hint

PUSH, DUP, ADD, SUB, CALL, PEEK, ACC, JNZ, POP, RET, ARG = range(11)
NAMES = ["push", "dup", "add", "sub", "call", "peek", "acc", "jnz", "pop", "ret", "arg"]


class Code(object):
    _immutable_fields_ = ["name", "ops[*]", "args[*]"]

    def __init__(self, name, ops, args):
        self.name = name
        self.ops = ops
        self.args = args


def get_location(pc, code):
    return "%s:%d:%s" % (code.name, pc, NAMES[code.ops[pc]])


driver = JitDriver(greens=["pc", "code"], reds=["frame"], virtualizables=["frame"],
                   get_printable_location=get_location, is_recursive=True)


class Frame(object):
    _virtualizable_ = ["stack[*]", "sp"]

    def __init__(self, back, arg):
        self = hint(self, access_directly=True, fresh_virtualizable=True)
        self.back = back
        self.arg = arg
        self.stack = [0] * 8
        self.sp = 0

    def push(self, v):
        self.stack[self.sp] = v
        self.sp += 1

    def pop(self):
        self.sp -= 1
        return self.stack[self.sp]


class Prog(object):
    def __init__(self):
        self.codes = []


PROG = Prog()


def run(code, frame):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame)
        op = code.ops[pc]
        a = code.args[pc]
        pc += 1
        if op == PUSH:
            frame.push(a)
        elif op == DUP:
            v = frame.pop()
            frame.push(v)
            frame.push(v)
        elif op == ADD:
            y = frame.pop()
            x = frame.pop()
            frame.push(x + y)
        elif op == SUB:
            y = frame.pop()
            x = frame.pop()
            frame.push(x - y)
        elif op == CALL:          # the callee gets the top as its arg (not popped)
            sub = Frame(frame, frame.stack[frame.sp - 1])
            frame.push(run(PROG.codes[a], sub))
        elif op == PEEK:          # the caller's top of stack
            back = frame.back
            if back is None:
                frame.push(0)
            else:
                frame.push(back.stack[back.sp - 1])
        elif op == ACC:           # stack[0] += pop()
            v = frame.pop()
            frame.stack[0] = frame.stack[0] + v
        elif op == JNZ:
            if frame.pop() != 0:
                pc = a
                driver.can_enter_jit(pc=pc, code=code, frame=frame)
        elif op == POP:
            frame.pop()
        elif op == ARG:
            frame.push(frame.arg)
        else:
            return frame.pop()


def make(name, prog):
    ops = []
    args = []
    for op, a in prog:
        ops.append(op)
        args.append(a)
    PROG.codes.append(Code(name, ops, args))


# 0: main(n): acc = sum over i = n..1 of twice(i), peeking at the loop
make("main", [(PUSH, 0), (ARG, 0), (CALL, 1), (ACC, 0), (PUSH, 1), (SUB, 0),
              (DUP, 0), (JNZ, 2), (POP, 0), (RET, 0)])
# 1: twice(x): the caller's top (x) * 2 + 1, plus count(x % 4) through a
# deeper call that peeks at twice's stack
make("twice", [(PEEK, 0), (DUP, 0), (ADD, 0), (PUSH, 1), (ADD, 0), (CALL, 2), (ADD, 0),
               (RET, 0)])
# 2: count(y): its caller's top (y), minus 3
make("count", [(PEEK, 0), (PUSH, 3), (SUB, 0), (RET, 0)])


def main(argv):
    for n in [5, 50, 2000, 30000]:
        print("n %d: %d" % (n, run(PROG.codes[0], Frame(None, n))))
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
