"""A small stack-bytecode interpreter with a JitDriver: an assembler from
text, a dispatch loop with jit_merge_point/can_enter_jit, and programs
(loops, function calls, factorial, fibonacci, primes)."""
import sys
from rlib.jit import JitDriver, elidable, promote, we_are_jitted, unroll_safe
from rlib.jit import dont_look_inside

OPS = ["push", "pop", "dup", "swap", "over", "add", "sub", "mul", "div", "mod",
       "lt", "eq", "not", "jmp", "jz", "jnz", "load", "store", "print", "call",
       "ret", "halt"]
OPCODE = {}
i = 0
for _name in OPS:
    OPCODE[_name] = i
    i += 1
HAS_ARG = {}
for _name in ["push", "jmp", "jz", "jnz", "load", "store", "call"]:
    HAS_ARG[OPCODE[_name]] = True


def get_location(pc, code):
    return "%d:%s" % (pc, OPS[code.ops[pc]])


driver = JitDriver(greens=["pc", "code"], reds=["frame", "vm"],
                   get_printable_location=get_location)


class Code(object):
    _immutable_fields_ = ["ops[*]", "args[*]", "name"]

    def __init__(self, name, ops, args):
        self.name = name
        self.ops = ops
        self.args = args

    @elidable
    def arg_at(self, pc):
        return self.args[pc]


class Frame(object):
    def __init__(self, nlocals):
        self.stack = []
        self.locals = [0] * nlocals

    def push(self, v):
        self.stack.append(v)

    def pop(self):
        return self.stack.pop()


class VM(object):
    def __init__(self):
        self.output = []
        self.steps = 0
        self.calls = 0


class VMError(Exception):
    pass


def assemble(name, text):
    labels = {}
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        hash_at = line.find("#")
        if hash_at >= 0:
            line = line[:hash_at].strip()
        if not line:
            continue
        if line.endswith(":"):
            labels[line[:-1]] = len(lines)
            continue
        lines.append(line)
    ops = []
    args = []
    for line in lines:
        parts = line.split()
        if parts[0] not in OPCODE:
            raise VMError("unknown instruction " + parts[0])
        op = OPCODE[parts[0]]
        ops.append(op)
        if op in HAS_ARG:
            a = parts[1]
            if a in labels:
                args.append(labels[a])
            else:
                args.append(int(a))
        else:
            args.append(0)
    return Code(name, ops, args)


@dont_look_inside
def emit(vm, v):
    vm.output.append(str(v))


@unroll_safe
def pop_n(frame, n):
    for k in range(n):
        frame.pop()


def run(code, vm, nlocals, init):
    frame = Frame(nlocals)
    for k in range(len(init)):
        frame.locals[k] = init[k]
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame, vm=vm)
        op = code.ops[pc]
        op = promote(op)
        vm.steps += 1
        pc += 1
        if op == 0:
            frame.push(code.arg_at(pc - 1))
        elif op == 1:
            frame.pop()
        elif op == 2:
            v = frame.pop()
            frame.push(v)
            frame.push(v)
        elif op == 3:
            b = frame.pop()
            a = frame.pop()
            frame.push(b)
            frame.push(a)
        elif op == 4:
            b = frame.pop()
            a = frame.pop()
            frame.push(a)
            frame.push(b)
            frame.push(a)
        elif op == 5:
            b = frame.pop()
            frame.push(frame.pop() + b)
        elif op == 6:
            b = frame.pop()
            frame.push(frame.pop() - b)
        elif op == 7:
            b = frame.pop()
            frame.push(frame.pop() * b)
        elif op == 8:
            b = frame.pop()
            a = frame.pop()
            if b == 0:
                raise VMError("division by zero at %d" % (pc - 1))
            frame.push(a // b)
        elif op == 9:
            b = frame.pop()
            frame.push(frame.pop() % b)
        elif op == 10:
            b = frame.pop()
            frame.push(1 if frame.pop() < b else 0)
        elif op == 11:
            b = frame.pop()
            frame.push(1 if frame.pop() == b else 0)
        elif op == 12:
            frame.push(1 if frame.pop() == 0 else 0)
        elif op == 13:
            target = code.arg_at(pc - 1)
            if target < pc:
                driver.can_enter_jit(pc=target, code=code, frame=frame, vm=vm)
            pc = target
        elif op == 14 or op == 15:
            v = frame.pop()
            if (v == 0) == (op == 14):
                target = code.arg_at(pc - 1)
                if target < pc:
                    driver.can_enter_jit(pc=target, code=code, frame=frame, vm=vm)
                pc = target
        elif op == 16:
            frame.push(frame.locals[code.arg_at(pc - 1)])
        elif op == 17:
            frame.locals[code.arg_at(pc - 1)] = frame.pop()
        elif op == 18:
            emit(vm, frame.pop())
        elif op == 19:
            # call: arg = number of arguments; callee is the code below
            n = code.arg_at(pc - 1)
            args = [0] * n
            for k in range(n):
                args[n - 1 - k] = frame.pop()
            vm.calls += 1
            frame.push(run(code, vm, 4, args))
        elif op == 20:
            return frame.pop()
        elif op == 21:
            if len(frame.stack) > 0:
                return frame.pop()
            return 0
        else:
            raise VMError("bad opcode %d" % op)


SUM_LOOP = """
    push 0
    store 0        # total
    push 0
    store 1        # i
loop:
    load 1
    push 1000
    lt
    jz done
    load 0
    load 1
    add
    store 0
    load 1
    push 1
    add
    store 1
    jmp loop
done:
    load 0
    print
    halt
"""

COUNTDOWN = """
    push 5
    store 0
top:
    load 0
    dup
    print
    push 1
    sub
    dup
    store 0
    jnz top
    push 42
    halt
"""

PRIMES = """
    push 2
    store 0          # n
outer:
    load 0
    push 60
    lt
    jz end
    push 2
    store 1          # d
inner:
    load 1
    load 1
    mul
    load 0
    swap
    lt               # n < d*d ?
    jnz isprime
    load 0
    load 1
    mod
    jz notprime
    load 1
    push 1
    add
    store 1
    jmp inner
isprime:
    load 0
    print
notprime:
    load 0
    push 1
    add
    store 0
    jmp outer
end:
    halt
"""

BAD = """
    push 1
    push 0
    div
    halt
"""


def show(vm):
    print(" ".join(vm.output))
    vm.output = []


def main(argv):
    print("jitted:", we_are_jitted())
    for name, src in [("sum", SUM_LOOP), ("countdown", COUNTDOWN), ("primes", PRIMES), ("bad", BAD)]:
        code = assemble(name, src)
        vm = VM()
        try:
            result = run(code, vm, 4, [])
            show(vm)
            print("%s: result %d, %d steps, %d instructions" % (code.name, result, vm.steps, len(code.ops)))
        except VMError as e:
            show(vm)
            print("%s: error: %s" % (code.name, str(e)))
    try:
        assemble("x", "push 1\nfrob\n")
    except VMError as e:
        print("assembler:", str(e))
    print(get_location(3, assemble("y", COUNTDOWN)))
    f = Frame(1)
    for k in range(5):
        f.push(k)
    pop_n(f, 3)
    print(f.stack)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
