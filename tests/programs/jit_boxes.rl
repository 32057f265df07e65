"""A tiny accumulator machine whose values are boxed objects, as in the
interpreters of dynamic languages: every step allocates new boxes (W_Int,
W_Pair, Node), most of which never escape the JIT's trace. Some escape at
data-dependent points (kept in a list), guards fail with boxes still
virtual (the JIT must build them before resuming), boxes point to boxes
(nested and cyclic), and identity and class tests look at them."""
from rlib.jit import JitDriver

ADD, SWAP, MIX, THIRD, KEEP, CYCLE, SAME, BOX, LOOP = 0, 1, 2, 3, 4, 5, 6, 7, 8
NAMES = ["add", "swap", "mix", "third", "keep", "cycle", "same", "box", "loop"]


def get_location(pc, code):
    return "%d:%s" % (pc, NAMES[code.ops[pc]])


driver = JitDriver(greens=["pc", "code"], reds=["i", "n", "acc", "pair", "kept"],
                   get_printable_location=get_location)


class Code(object):
    _immutable_fields_ = ["ops[*]"]

    def __init__(self, ops):
        self.ops = ops


class W_Obj(object):
    def value(self):
        return 0


class W_Int(W_Obj):
    def __init__(self, v):
        self.v = v

    def value(self):
        return self.v


class W_Pair(W_Obj):
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def value(self):
        return self.a.value() * 10 + self.b.value()


class Node(object):
    def __init__(self, v):
        self.v = v
        self.next = None


def step_third(acc, i):
    if acc.value() % 3 == 0:
        return W_Int(acc.value() // 3 + i % 5)
    return acc


def run(code, n):
    pc = 0
    i = 0
    acc = W_Int(1)
    pair = W_Pair(W_Int(1), W_Int(2))
    kept = []
    while pc < len(code.ops):
        driver.jit_merge_point(pc=pc, code=code, i=i, n=n, acc=acc, pair=pair, kept=kept)
        op = code.ops[pc]
        if op == ADD:
            acc = W_Int(acc.value() + 3)
        elif op == SWAP:
            pair = W_Pair(pair.b, pair.a)
        elif op == MIX:
            acc = W_Int((acc.value() + pair.value()) % 100003)
        elif op == THIRD:
            acc = step_third(acc, i)
        elif op == KEEP:
            if i % 7 == 3:
                kept.append(acc)
        elif op == CYCLE:
            node = Node(acc.value())
            node.next = node
            other = Node(i)
            other.next = node
            acc = W_Int(other.next.next.v + 1)
        elif op == SAME:
            if pair.a is pair.b:
                acc = W_Int(-acc.value())
            elif isinstance(pair.a, W_Pair):
                acc = W_Int(acc.value() + 1)
        elif op == BOX:
            if i % 11 == 5:
                pair = W_Pair(W_Pair(W_Int(i % 4), acc), W_Int(7))
            elif i % 11 == 6:
                pair = W_Pair(W_Int(pair.value() % 9), W_Int(3))
        elif op == LOOP:
            i += 1
            if i < n:
                pc = 0
                driver.can_enter_jit(pc=pc, code=code, i=i, n=n, acc=acc, pair=pair, kept=kept)
                continue
        pc += 1
    total = 0
    for k in kept:
        total = (total + k.value()) % 1000000007
    return "%d %d %d %d" % (acc.value(), pair.value(), len(kept), total)


def main(argv):
    progs = [
        [ADD, MIX, THIRD, LOOP],
        [ADD, SWAP, MIX, KEEP, LOOP],
        [CYCLE, ADD, THIRD, SAME, LOOP],
        [BOX, MIX, SAME, SWAP, KEEP, THIRD, LOOP],
        [ADD, BOX, CYCLE, MIX, KEEP, SWAP, SAME, THIRD, LOOP],
    ]
    for ops in progs:
        for n in [1, 5, 100, 3000]:
            print(run(Code(ops), n))
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
