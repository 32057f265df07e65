"""A hash table by hand: open addressing with linear probing, string keys,
resizing, deletion with tombstones."""
import sys
from rlib.rarithmetic import intmask, r_uint

EMPTY = 0
USED = 1
DELETED = 2


def fnv1a(s):
    h = r_uint(2166136261)
    for c in s:
        h = h ^ r_uint(ord(c))
        h = h * r_uint(16777619)
    return h


class Table(object):
    def __init__(self, capacity):
        self.keys = [""] * capacity
        self.values = [0] * capacity
        self.state = [EMPTY] * capacity
        self.size = 0
        self.used = 0
        self.resizes = 0

    def _slot(self, key):
        cap = len(self.keys)
        i = intmask(fnv1a(key) % r_uint(cap))
        first_free = -1
        while True:
            st = self.state[i]
            if st == EMPTY:
                if first_free >= 0:
                    return first_free
                return i
            if st == DELETED:
                if first_free < 0:
                    first_free = i
            elif self.keys[i] == key:
                return i
            i = (i + 1) % cap

    def _grow(self):
        old_keys = self.keys
        old_values = self.values
        old_state = self.state
        cap = len(old_keys) * 2
        self.keys = [""] * cap
        self.values = [0] * cap
        self.state = [EMPTY] * cap
        self.size = 0
        self.used = 0
        self.resizes += 1
        for i in range(len(old_keys)):
            if old_state[i] == USED:
                self.put(old_keys[i], old_values[i])

    def put(self, key, value):
        if (self.used + 1) * 3 >= len(self.keys) * 2:
            self._grow()
        i = self._slot(key)
        if self.state[i] == USED:
            self.values[i] = value
            return
        if self.state[i] == EMPTY:
            self.used += 1
        self.state[i] = USED
        self.keys[i] = key
        self.values[i] = value
        self.size += 1

    def get(self, key, default):
        i = self._slot(key)
        if self.state[i] == USED and self.keys[i] == key:
            return self.values[i]
        return default

    def contains(self, key):
        i = self._slot(key)
        return self.state[i] == USED and self.keys[i] == key

    def remove(self, key):
        i = self._slot(key)
        if self.state[i] != USED or self.keys[i] != key:
            raise KeyError(key)
        self.state[i] = DELETED
        self.size -= 1

    def sorted_items(self):
        out = []
        for i in range(len(self.keys)):
            if self.state[i] == USED:
                out.append(self.keys[i])
        out.sort()
        return [(k, self.get(k, -1)) for k in out]


def main(argv):
    print("fnv1a('') =", fnv1a(""))
    print("fnv1a('a') =", fnv1a("a"))
    print("fnv1a('hello') =", fnv1a("hello"))
    t = Table(4)
    words = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
             "nu xi omicron pi rho sigma tau upsilon phi chi psi omega").split()
    for i, w in enumerate(words):
        t.put(w, i * i)
    print("size", t.size, "resizes", t.resizes, "capacity", len(t.keys))
    print("get pi", t.get("pi", -1), "get foo", t.get("foo", -1))
    for w in words:
        if len(w) <= 3:
            t.remove(w)
    print("after removals size", t.size)
    print("contains mu", t.contains("mu"), "contains omega", t.contains("omega"))
    try:
        t.remove("mu")
    except KeyError as e:
        print("KeyError", str(e))
    t.put("mu", 1000)
    t.put("alpha", -5)
    for k, v in t.sorted_items():
        print("%-8s %5d" % (k, v))
    # many keys to exercise probing
    big = Table(8)
    for i in range(3000):
        big.put("k%d" % i, i)
    total = 0
    for i in range(0, 3000, 7):
        total += big.get("k%d" % i, 0)
    for i in range(0, 3000, 2):
        big.remove("k%d" % i)
    print("big size", big.size, "total", total, "k2999", big.get("k2999", -1),
          "k2998", big.get("k2998", -1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
