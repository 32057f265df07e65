"""Random programs for tests/jit_fuzz/boxvm.rl (run by run_box.sh):
python3 gen_box.py SEED prints one. Main has hot loops (nested, hundreds to
thousands of iterations in all) whose bodies do boxed arithmetic, build and
take apart pairs, mutate pairs, swap registers, let boxes escape into the
global list at data-dependent points, read escaped boxes back, and branch
forward on comparisons, truthiness, identity and class tests, so guards
fail with virtual boxes in their snapshots and bridges get built. Up to
three more functions (reg 0 is the argument, reg 1 the caller's target
register) are called from loops, recursively with a bounded depth; they
may raise an exception carrying a box, which their caller catches."""
import random
import sys


class Gen(object):
    def __init__(self, r, nregs, nfuncs, findex):
        self.r = r
        self.nregs = nregs
        self.nfuncs = nfuncs
        self.findex = findex
        self.code = []          # [name, a, b, c]; c or b may be a Label
        self.ncounters = 3 if findex == 0 else 1
        self.work = nregs - self.ncounters  # registers 0..work-1 are free

    def emit(self, *ins):
        ins = list(ins) + [0] * (4 - len(ins))
        self.code.append(ins)
        return ins

    def reg(self):
        return self.r.randrange(self.work)

    def anyreg(self):
        return self.r.randrange(self.nregs)

    def simple(self):
        r = self.r
        k = r.random()
        if k < 0.08:
            self.emit("const", self.reg(), r.randint(-5, 200))
        elif k < 0.11:
            self.emit("fconst", self.reg(), r.randint(-20, 40))
        elif k < 0.13:
            self.emit("nil", self.reg())
        elif k < 0.18:
            self.emit("mov", self.reg(), self.anyreg())
        elif k < 0.33:
            self.emit(r.choice(["add", "add", "sub", "mul"]), self.reg(), self.anyreg(), self.anyreg())
        elif k < 0.43:
            self.emit("pair", self.reg(), self.anyreg(), self.anyreg())
        elif k < 0.50:
            self.emit("fst", self.reg(), self.anyreg())
        elif k < 0.56:
            self.emit("snd", self.reg(), self.anyreg())
        elif k < 0.61:
            self.emit("swap", self.reg(), self.reg())
        elif k < 0.65:
            self.emit("setfst", self.reg(), self.anyreg())
        elif k < 0.72:
            m = r.choice([1, 2, 3, 5, 7, 13, 50])
            self.emit("escape", self.anyreg(), m, r.randrange(m))
        elif k < 0.76:
            self.emit("gload", self.reg(), r.randrange(10), self.anyreg())
        elif k < 0.82 and self.findex + 1 <= self.nfuncs and self.calls < 2:
            self.calls += 1
            f = r.randint(max(1, self.findex), self.nfuncs)
            self.emit("call", self.reg(), f, self.anyreg())
        elif k < 0.83:
            self.emit("print", self.anyreg())
        elif k < 0.86 and (self.findex > 0 or k < 0.832):
            # raise VMError(box): caught by the CALL that called this function
            m = r.choice([2, 3, 7, 50]) if self.findex > 0 else 97
            self.emit("raise", self.anyreg(), m, r.randrange(m))
        elif k < 0.885:
            self.emit(r.choice(["mulx", "mulx", "div"]), self.reg(), self.anyreg(), self.anyreg())
        elif k < 0.95:
            # a mutable cell: made, updated through any alias of it
            if r.random() < 0.3:
                self.emit("cell", self.reg(), self.anyreg())
            else:
                self.emit("cset", self.anyreg(), self.anyreg(), r.randint(0, 9))
        elif k < 0.955:
            # an early exit: a jump to the end of the function
            self.cond_jump(self.end)
        else:
            self.emit(r.choice(["add", "sub", "mul", "pair"]), self.reg(), self.anyreg(), self.anyreg())

    def cond_jump(self, target):
        r = self.r
        k = r.random()
        if k < 0.3:
            return self.emit("jlt", self.anyreg(), self.anyreg(), target)
        elif k < 0.5:
            return self.emit("jtrue", self.anyreg(), 0, target)
        elif k < 0.65:
            return self.emit("jis", self.anyreg(), self.anyreg(), target)
        elif k < 0.85:
            return self.emit("jinst", self.anyreg(), r.randrange(5), target)
        else:
            return self.emit("jeq", self.anyreg(), r.randrange(7), target)

    def block(self, depth, n, loop_start=None):
        r = self.r
        for _ in range(n):
            k = r.random()
            if k < 0.12 and depth < self.ncounters:
                self.loop(depth)
            elif k < 0.25:
                # if: a forward conditional jump over a few instructions
                lab = Label()
                self.cond_jump(lab)
                self.block(depth + 10, r.randint(1, 4))
                if r.random() < 0.3:
                    # else branch
                    end = Label()
                    self.emit("jmp", 0, 0, end)
                    lab.pc = len(self.code)
                    self.block(depth + 10, r.randint(1, 3))
                    end.pc = len(self.code)
                else:
                    lab.pc = len(self.code)
            elif k < 0.27 and loop_start is not None and self.backjumps < 1:
                # a rare conditional jump back to the loop's start (may run
                # until the budget ends)
                self.backjumps += 1
                self.cond_jump(loop_start)
            else:
                self.simple()

    def loop(self, depth):
        r = self.r
        counter = self.work + (depth % 10)
        if self.findex == 0:
            n = r.choice([3, 10, 40, 100, 300, 1000]) if depth % 10 == 0 else r.choice([2, 5, 10, 30])
        else:
            n = r.randint(2, 6)
        self.emit("const", counter, n)
        start = Label(len(self.code))
        if self.findex == 0 and self.nfuncs > 0 and r.random() < 0.7:
            self.emit("call", self.reg(), 1, self.anyreg())
        self.block(depth + 1, r.randint(2, 9), start)
        self.emit("loop", counter, start)

    def function(self):
        r = self.r
        self.calls = 0
        self.backjumps = 0
        self.end = Label()
        if self.findex == 0:
            for i in range(self.work):
                k = r.random()
                if k < 0.6:
                    self.emit("const", i, r.randint(-3, 100))
                elif k < 0.75:
                    self.emit("fconst", i, r.randint(-8, 30))
                elif k < 0.8 and i >= 2:
                    self.emit("pair", i, r.randrange(i), r.randrange(i))
                elif k < 0.95 and i >= 1:
                    self.emit("cell", i, r.randrange(i))
                    if r.random() < 0.5:
                        self.emit("mov", r.randrange(i), i)
            self.block(0, r.randint(1, 4))
            self.loop(0)
            self.block(0, r.randint(0, 4))
            if r.random() < 0.5:
                self.loop(0)
            self.emit("ret", r.randrange(self.work))
        else:
            if r.random() < 0.5:
                m = r.choice([3, 7, 20])
                self.emit("raise", 0, m, r.randrange(m))
            self.block(0, r.randint(2, 8))
            self.emit("ret", self.reg())
        self.end.pc = len(self.code)
        out = ["F %d" % self.nregs]
        for ins in self.code:
            vals = [ins[1], ins[2], ins[3]]
            vals = [v.pc if isinstance(v, Label) else v for v in vals]
            out.append("%s %d %d %d" % (ins[0], vals[0], vals[1], vals[2]))
        return "\n".join(out) + "\n"


class Label(object):
    def __init__(self, pc=None):
        self.pc = pc


def main():
    r = random.Random(int(sys.argv[1]))
    nfuncs = r.choice([0, 1, 1, 2, 2, 3])
    parts = [Gen(r, r.randint(6, 11), nfuncs, 0).function()]
    for f in range(1, nfuncs + 1):
        parts.append(Gen(r, r.randint(3, 6), nfuncs, f).function())
    sys.stdout.write("".join(parts))


main()
