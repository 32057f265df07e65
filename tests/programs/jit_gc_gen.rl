"""The JIT and a moving young generation (--gc=gen, tests/programs/run.sh
runs it with a 32 KB nursery): each run interprets a code object made just
before it, whose constants are young boxes reached only through its
immutable lists, so traces fold them into constants; the loop stores
young cells into an old list, allocates garbage, keeps objects only in
the JIT's registers across collections, stores young objects into an
object it allocated before a call that collected (so that object is old
by then: the store of what the call returned needs the write barrier), fails guards with objects
still virtual, and takes identity hashes that must not change."""
from rlib.jit import JitDriver, dont_look_inside
from rlib.objectmodel import compute_identity_hash

driver = JitDriver(greens=["pc", "code"], reds=["i", "n", "acc", "store", "keep"])


class Box(object):
    _immutable_fields_ = ["v"]

    def __init__(self, v):
        self.v = v


class Cell(object):
    def __init__(self, v, next):
        self.v = v
        self.next = next


class Code(object):
    _immutable_fields_ = ["ops[*]", "consts[*]"]

    def __init__(self, ops, consts):
        self.ops = ops
        self.consts = consts


def make_code(seed):
    ops = []
    consts = []
    for k in range(9):
        ops.append((seed * 7 + k * 3) % 7)
        consts.append(Box(seed * 100 + k))
    return Code(ops, consts)


@dont_look_inside
def churn(n):
    """A residual call that allocates (a minor collection now and then),
    the cell it returns last."""
    x = None
    for k in range(n):
        x = Cell(k, x)
    return Cell(1000 + chain_sum(x, 2) % 11, None)


def chain_sum(c, depth):
    s = 0
    while c is not None and depth > 0:
        s += c.v
        c = c.next
        depth -= 1
    return s


def run(code, n, store):
    pc = 0
    i = 0
    acc = 0
    keep = Cell(0, None)
    while i < n:
        driver.jit_merge_point(pc=pc, code=code, i=i, n=n, acc=acc, store=store, keep=keep)
        op = code.ops[pc]
        c = code.consts[pc]
        if op == 0:
            acc += c.v
        elif op == 1:
            j = (i + pc) % len(store)
            store[j] = Cell(acc % 1000, store[(j + 1) % len(store)])
        elif op == 2:
            acc += len(str(i * 37 + acc))
        elif op == 3:
            x = Cell(c.v, None)
            for k in range(4):
                x = Cell(k, x)
            acc += x.next.next.next.next.v
        elif op == 5:
            h = Cell(acc % 89, None)
            store[(i * 3 + pc) % len(store)] = h
            h.next = churn(60 + i % 50)
            acc += h.next.v
        elif op == 4:
            if acc % 3 == 0:
                keep = Cell(acc % 97, keep)
            acc = (acc * 3 + c.v) % 1000003
        else:
            acc += keep.v + chain_sum(store[i % len(store)], 3)
            for k in range(len(store)):
                if store[k] is not None and store[k].next is not None:
                    acc += store[k].next.v
        pc += 1
        if pc == len(code.ops):
            pc = 0
            i += 1
    return acc + chain_sum(keep, 10)


def main(argv):
    store = []
    for k in range(40):
        store.append(None)
    total = 0
    boxes = []
    hashes = []
    for seed in range(8):
        code = make_code(seed)
        boxes.append(code.consts[seed % 9])
        hashes.append(compute_identity_hash(code.consts[seed % 9]))
        r = run(code, 150 + seed * 40, store)
        print("seed %d: %d" % (seed, r))
        total += r
    s = 0
    for c in store:
        s += chain_sum(c, 5)
    same = 0
    for k in range(len(boxes)):
        if compute_identity_hash(boxes[k]) == hashes[k]:
            same += 1
    print("store %d, same hashes %d, total %d" % (s, same, total))
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
