"""Lists made from other lists by *, + and slicing whose items then
generalize ([None] * n filled with instances, [Sub()] * n holding any
Base): the operand's items generalize with the result's, as RPython's
listdef offspring does, so the copied items keep their layout (found by
tests/jit_fuzz/run_box.sh: [W_NIL] * n stored into a list of W_Obj)."""


class Base(object):
    def value(self):
        return 0


class Nil(Base):
    pass


class Int(Base):
    def __init__(self, v):
        self.v = v

    def value(self):
        return self.v


NIL = Nil()


class Frame(object):
    def __init__(self, n):
        self.regs = [NIL] * n
        self.opt = [None] * n


def main(argv):
    f = Frame(len(argv) + 3)
    f.regs[1] = Int(3)
    f.opt[2] = Int(4)
    total = 0
    for r in f.regs:
        total += r.value()
    for o in f.opt:
        if o is not None:
            total += o.value() * 10
    print(total, len(f.regs), f.regs[0] is NIL, f.opt[0] is None)
    a = [None, None, None]
    b = a[1:]
    b.append(Int(7))
    c = [NIL] + [Int(5)]
    d = [None] + [None, None]
    d[1] = Int(9)
    x = b[2]
    y = d[1]
    print(len(b), b[0] is None, x is not None and x.value() == 7,
          c[0].value() + c[1].value(), y is not None and y.value() == 9, d[2] is None)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
