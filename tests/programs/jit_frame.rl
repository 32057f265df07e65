"""A frame whose registers hold boxed ints, as interpreters of dynamic
languages keep them (`_virtualizable_` named, as RPython wants): the JIT
carries the registers around the loop (opt_carry.c) and the boxes as their
values (opt_unbox.c), so the loop allocates nothing and touches no memory."""
from rlib.jit import JitDriver


class W_Int(object):
    def __init__(self, v):
        self.v = v


class Frame(object):
    _virtualizable_ = ["regs[*]"]

    def __init__(self, n):
        self.regs = [W_Int(0)] * n


class Code(object):
    _immutable_fields_ = ["ops[*]", "a[*]", "b[*]"]

    def __init__(self, ops, a, b):
        self.ops = ops
        self.a = a
        self.b = b


driver = JitDriver(greens=["pc", "code"], reds=["frame"], virtualizables=["frame"])

ADDI, DECJNZ, HALT = 0, 1, 2


def run(code, frame):
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame)
        op = code.ops[pc]
        a = code.a[pc]
        b = code.b[pc]
        pc += 1
        if op == ADDI:
            frame.regs[a] = W_Int((frame.regs[a].v + b) % 1000003)
        elif op == DECJNZ:
            w = W_Int(frame.regs[a].v - 1)
            frame.regs[a] = w
            if w.v > 0:
                pc = b
                driver.can_enter_jit(pc=pc, code=code, frame=frame)
        else:
            return frame.regs[0].v


def main(argv):
    code = Code([ADDI, ADDI, DECJNZ, HALT], [0, 1, 2, 0], [3, 5, 0, 0])
    f = Frame(3)
    f.regs[2] = W_Int(100000)
    print(run(code, f))
    print(f.regs[1].v)
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
