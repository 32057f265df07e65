"""A register VM: instructions as tuples of ints, 8 registers, a call
stack, and programs for gcd, collatz lengths and an iterative power."""
import sys
from rlib.jit import JitDriver, promote

LOADI, MOV, ADD, SUB, MUL, DIV, MOD, JMP, JLT, JEQ, JNZ, OUT, HALT, CALL, RET = range(15)
NAMES = ["loadi", "mov", "add", "sub", "mul", "div", "mod", "jmp", "jlt", "jeq",
         "jnz", "out", "halt", "call", "ret"]

jitdriver = JitDriver(greens=["pc", "prog"], reds="auto")


class Program(object):
    _immutable_fields_ = ["code[*]"]

    def __init__(self, code):
        self.code = code


class Machine(object):
    def __init__(self):
        self.regs = [0] * 8
        self.out = []
        self.callstack = []
        self.cycles = 0


def execute(prog, m):
    pc = 0
    code = prog.code
    while pc < len(code):
        jitdriver.jit_merge_point(pc=pc, prog=prog)
        op, a, b, c = code[pc]
        op = promote(op)
        m.cycles += 1
        pc += 1
        r = m.regs
        if op == LOADI:
            r[a] = b
        elif op == MOV:
            r[a] = r[b]
        elif op == ADD:
            r[a] = r[b] + r[c]
        elif op == SUB:
            r[a] = r[b] - r[c]
        elif op == MUL:
            r[a] = r[b] * r[c]
        elif op == DIV:
            r[a] = r[b] // r[c]
        elif op == MOD:
            r[a] = r[b] % r[c]
        elif op == JMP:
            pc = a
        elif op == JLT:
            if r[a] < r[b]:
                pc = c
        elif op == JEQ:
            if r[a] == r[b]:
                pc = c
        elif op == JNZ:
            if r[a] != 0:
                pc = b
        elif op == OUT:
            m.out.append(r[a])
        elif op == HALT:
            break
        elif op == CALL:
            m.callstack.append(pc)
            pc = a
        elif op == RET:
            pc = m.callstack.pop()
        else:
            raise ValueError("bad op")
    return m.cycles


def disasm(prog):
    lines = []
    for i, ins in enumerate(prog.code):
        op, a, b, c = ins
        lines.append("%3d  %-5s %d %d %d" % (i, NAMES[op], a, b, c))
    return lines


# gcd(1071, 462) by Euclid with MOD
GCD = Program([
    (LOADI, 0, 1071, 0),
    (LOADI, 1, 462, 0),
    (LOADI, 7, 0, 0),
    (JEQ, 1, 7, 8),       # 3: while r1 != 0
    (MOD, 2, 0, 1),
    (MOV, 0, 1, 0),
    (MOV, 1, 2, 0),
    (JMP, 3, 0, 0),
    (OUT, 0, 0, 0),       # 8
    (HALT, 0, 0, 0),
])

# collatz steps for n = 1..12, with a subroutine
COLLATZ = Program([
    (LOADI, 0, 1, 0),      # 0: n = 1
    (LOADI, 6, 13, 0),     # 1: limit
    (LOADI, 5, 1, 0),      # 2: const 1
    (JLT, 0, 6, 5),        # 3: if n < limit goto 5
    (HALT, 0, 0, 0),       # 4
    (CALL, 9, 0, 0),       # 5: steps(n) -> r3
    (OUT, 3, 0, 0),        # 6
    (ADD, 0, 0, 5),        # 7: n += 1
    (JMP, 3, 0, 0),        # 8
    (MOV, 1, 0, 0),        # 9: x = n
    (LOADI, 3, 0, 0),      # 10: steps = 0
    (LOADI, 2, 2, 0),      # 11: const 2
    (LOADI, 4, 3, 0),      # 12: const 3
    (JEQ, 1, 5, 23),       # 13: while x != 1
    (ADD, 3, 3, 5),        # 14: steps += 1
    (MOD, 7, 1, 2),        # 15: x % 2
    (JNZ, 7, 19, 0),       # 16: odd -> 19
    (DIV, 1, 1, 2),        # 17: x //= 2
    (JMP, 13, 0, 0),       # 18
    (MUL, 1, 1, 4),        # 19: x = 3x
    (ADD, 1, 1, 5),        # 20: x += 1
    (JMP, 13, 0, 0),       # 21
    (HALT, 0, 0, 0),       # 22 (unused)
    (RET, 0, 0, 0),        # 23
])

# 3 ** 20 by repeated multiplication
POWER = Program([
    (LOADI, 0, 1, 0),
    (LOADI, 1, 3, 0),
    (LOADI, 2, 20, 0),
    (LOADI, 3, 1, 0),
    (MUL, 0, 0, 1),        # 4
    (SUB, 2, 2, 3),
    (JNZ, 2, 4, 0),
    (OUT, 0, 0, 0),
])


def main(argv):
    for name, prog in [("gcd", GCD), ("collatz", COLLATZ), ("power", POWER)]:
        m = Machine()
        cycles = execute(prog, m)
        print("%s: %s in %d cycles" % (name, m.out, cycles))
    for line in disasm(GCD):
        print(line)
    bad = Program([(LOADI, 0, 1, 0), (LOADI, 1, 0, 0), (DIV, 2, 0, 1)])
    try:
        execute(bad, Machine())
    except ZeroDivisionError:
        print("ZeroDivisionError in the VM")
    m = Machine()
    try:
        execute(Program([(RET, 0, 0, 0)]), m)
    except IndexError:
        print("IndexError: return with an empty call stack")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
