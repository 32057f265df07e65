"""`[None] * n` and `[None] + [...]` lists that are then filled with
instances: the list item type must become "nullable instance" (as RPython's
ListDef.offspring), not stay a list of None (once lowered to a GcArray of
bools, too small for the pointers stored into it, and not traced by the GC:
the Lua interpreter's frames crashed)."""
import sys


class Box(object):
    def __init__(self, v):
        self.v = v


class Holder(object):
    def __init__(self, n):
        self.items = [None] * n
        self.more = [None] + [None]


def main(argv):
    hs = []
    for i in range(1000):
        h = Holder(4)
        h.items[0] = Box(i)
        h.items[3] = Box(2 * i)
        h.more[1] = Box(3 * i)
        hs.append(h)
    junk = []
    for i in range(200000):
        junk.append([Box(i)])
        if len(junk) > 100:
            junk = []
    total = 0
    nones = 0
    for h in hs:
        for b in h.items:
            if b is not None:
                total += b.v
            else:
                nones += 1
        m = h.more[1]
        if m is not None:
            total += m.v
    print(total, nones)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
