"""A recursive interpreter (JitDriver(is_recursive=True)): a call in the
user program calls the interpreter's main loop again, as in PyPy. Hot
functions get traces from their entry that end where the portal returns
(fib, a function with a loop called many times), and a trace may call
the portal again (recursion inside compiled code) or inline one level of
its own recursion (fib; perm, whose unrolled level would loop, does not).
Errors raised deep in the recursion are caught by an outer call."""
from rlib.jit import JitDriver

# ops: each instruction is (op, arg)
PUSH, ARG, ADD, SUB, LT, JF, JMP, CALL, RET, DUP, POP, STORE, LOAD, FAIL, TRY = range(15)
NAMES = ["push", "arg", "add", "sub", "lt", "jf", "jmp", "call", "ret", "dup", "pop",
         "store", "load", "fail", "try"]


class UserError(Exception):
    def __init__(self, value):
        self.value = value


class Func(object):
    _immutable_fields_ = ["name", "ops[*]", "args[*]", "nlocals"]

    def __init__(self, name, ops, args, nlocals):
        self.name = name
        self.ops = ops
        self.args = args
        self.nlocals = nlocals


def get_location(pc, func):
    return "%s:%d:%s" % (func.name, pc, NAMES[func.ops[pc]])


driver = JitDriver(greens=["pc", "func"], reds=["stack", "locs", "arg", "prog"],
                   get_printable_location=get_location, is_recursive=True)


class Program(object):
    def __init__(self):
        self.funcs = []
        self.calls = 0


def interpret(prog, func, arg):
    prog.calls += 1
    stack = []
    locs = [0] * func.nlocals
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, func=func, stack=stack, locs=locs, arg=arg, prog=prog)
        op = func.ops[pc]
        a = func.args[pc]
        pc += 1
        if op == PUSH:
            stack.append(a)
        elif op == ARG:
            stack.append(arg)
        elif op == ADD:
            y = stack.pop()
            x = stack.pop()
            stack.append(x + y)
        elif op == SUB:
            y = stack.pop()
            x = stack.pop()
            stack.append(x - y)
        elif op == LT:
            y = stack.pop()
            x = stack.pop()
            stack.append(1 if x < y else 0)
        elif op == JF:
            if stack.pop() == 0:
                pc = a
        elif op == JMP:
            if a < pc:
                pc = a
                driver.can_enter_jit(pc=pc, func=func, stack=stack, locs=locs, arg=arg, prog=prog)
                continue
            pc = a
        elif op == CALL:
            x = stack.pop()
            stack.append(interpret(prog, prog.funcs[a], x))
        elif op == RET:
            return stack.pop()
        elif op == DUP:
            stack.append(stack[-1])
        elif op == POP:
            stack.pop()
        elif op == STORE:
            locs[a] = stack.pop()
        elif op == LOAD:
            stack.append(locs[a])
        elif op == FAIL:
            raise UserError(stack.pop())
        elif op == TRY:
            x = stack.pop()
            try:
                stack.append(interpret(prog, prog.funcs[a], x))
            except UserError as e:
                stack.append(-e.value)


def make(name, code, nlocals):
    ops = []
    args = []
    for op, a in code:
        ops.append(op)
        args.append(a)
    return Func(name, ops[:], args[:], nlocals)


def build():
    p = Program()
    # 0: fib(n) = n if n < 2 else fib(n - 1) + fib(n - 2)
    p.funcs.append(make("fib", [
        (ARG, 0), (PUSH, 2), (LT, 0), (JF, 6), (ARG, 0), (RET, 0),
        (ARG, 0), (PUSH, 1), (SUB, 0), (CALL, 0),
        (ARG, 0), (PUSH, 2), (SUB, 0), (CALL, 0), (ADD, 0), (RET, 0)], 0))
    # 1: sumto(n): a loop; s = 0; i = 0; while i < n: s += i; i += 1
    p.funcs.append(make("sumto", [
        (PUSH, 0), (STORE, 0), (PUSH, 0), (STORE, 1),
        (LOAD, 1), (ARG, 0), (LT, 0), (JF, 18),
        (LOAD, 0), (LOAD, 1), (ADD, 0), (STORE, 0),
        (LOAD, 1), (PUSH, 1), (ADD, 0), (STORE, 1), (JMP, 4), (JMP, 4),
        (LOAD, 0), (RET, 0)], 2))
    # 2: many(n): calls sumto(i % 50) for i in n down to 1, adds them up
    p.funcs.append(make("many", [
        (ARG, 0), (STORE, 0), (PUSH, 0), (STORE, 1),
        (PUSH, 0), (LOAD, 0), (LT, 0), (JF, 19),
        (LOAD, 1), (LOAD, 0), (CALL, 3), (CALL, 1), (ADD, 0), (STORE, 1),
        (LOAD, 0), (PUSH, 1), (SUB, 0), (STORE, 0), (JMP, 4),
        (LOAD, 1), (RET, 0)], 2))
    # 3: mod50(n) = n - 50 * (n // 50) by repeated subtraction
    p.funcs.append(make("mod50", [
        (ARG, 0), (STORE, 0),
        (LOAD, 0), (PUSH, 50), (LT, 0), (JF, 8), (LOAD, 0), (RET, 0),
        (LOAD, 0), (PUSH, 50), (SUB, 0), (STORE, 0), (JMP, 2)], 1))
    # 4: deep(n): fails with n at depth 0, else deep(n - 1) + 1
    p.funcs.append(make("deep", [
        (ARG, 0), (PUSH, 1), (LT, 0), (JF, 6), (PUSH, 7), (FAIL, 0),
        (ARG, 0), (PUSH, 1), (SUB, 0), (CALL, 4), (PUSH, 1), (ADD, 0), (RET, 0)], 0))
    # 5: guarded(n): sum over i < n of try deep(i % 30)
    p.funcs.append(make("guarded", [
        (ARG, 0), (STORE, 0), (PUSH, 0), (STORE, 1),
        (PUSH, 0), (LOAD, 0), (LT, 0), (JF, 19),
        (LOAD, 1), (LOAD, 0), (CALL, 6), (TRY, 4), (ADD, 0), (STORE, 1),
        (LOAD, 0), (PUSH, 1), (SUB, 0), (STORE, 0), (JMP, 4),
        (LOAD, 1), (RET, 0)], 2))
    # 6: mod30(n)
    p.funcs.append(make("mod30", [
        (ARG, 0), (STORE, 0),
        (LOAD, 0), (PUSH, 30), (LT, 0), (JF, 8), (LOAD, 0), (RET, 0),
        (LOAD, 0), (PUSH, 30), (SUB, 0), (STORE, 0), (JMP, 2)], 1))
    # 7: perm(n) = 1 if n < 1 else the sum over i < n of perm(n - 1) (n!):
    # recursion with a loop around the call (a level of it unrolled into
    # the function's trace would loop)
    p.funcs.append(make("perm", [
        (ARG, 0), (PUSH, 1), (LT, 0), (JF, 6), (PUSH, 1), (RET, 0),
        (PUSH, 0), (STORE, 0), (PUSH, 0), (STORE, 1),
        (LOAD, 1), (ARG, 0), (LT, 0), (JF, 26),
        (LOAD, 0), (ARG, 0), (PUSH, 1), (SUB, 0), (CALL, 7), (ADD, 0), (STORE, 0),
        (LOAD, 1), (PUSH, 1), (ADD, 0), (STORE, 1), (JMP, 10),
        (LOAD, 0), (RET, 0)], 2))
    return p


def main(argv):
    p = build()
    for n in [1, 2, 10, 20, 24]:
        print("fib(%d) = %d" % (n, interpret(p, p.funcs[0], n)))
    for n in [0, 5, 1000]:
        print("sumto(%d) = %d" % (n, interpret(p, p.funcs[1], n)))
    print("many(3000) = %d" % interpret(p, p.funcs[2], 3000))
    print("guarded(2000) = %d" % interpret(p, p.funcs[5], 2000))
    try:
        interpret(p, p.funcs[4], 12)
    except UserError as e:
        print("deep(12) raised %d" % e.value)
    for n in [3, 7, 8]:
        print("perm(%d) = %d" % (n, interpret(p, p.funcs[7], n)))
    print("calls: %d" % p.calls)
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
