"""Prebuilt constants of every type, built by module-level code (loops,
function calls, comprehensions) and used - and mutated - at run time."""
import sys

# ints, floats, strs, bools, None
LIMIT = 10
SCALE = 2.5
GREETING = "hello" + ", " + "world"
DEBUG = False
NOTHING = None

# lists built by loops and comprehensions
SQUARES = []
for _i in range(LIMIT):
    SQUARES.append(_i * _i)
CUBES = [k * k * k for k in range(LIMIT)]
EMPTY = []
WORDS = "alpha beta gamma delta".split()
FLOATS = [x * SCALE for x in range(4)]
NESTED = [[r * 3 + c for c in range(3)] for r in range(3)]


def make_table(n):
    t = {}
    for k in range(n):
        t["k%d" % k] = k * 10
    return t


# dicts
TABLE = make_table(5)
BY_LEN = {}
for _w in WORDS:
    BY_LEN.setdefault(len(_w), []).append(_w)
CHAR_CODES = {}
for _c in "abcxyz":
    CHAR_CODES[_c] = ord(_c)
COUNTER = {"calls": 0}

# tuples
ORIGIN = (0, 0)
PAIRS = [(w, len(w)) for w in WORDS]
MIXED = ("name", 42, 3.5, True)

# strings built by loops
ALPHABET = ""
for _k in range(26):
    ALPHABET += chr(ord("a") + _k)
BANNER = "=" * 20


class Config(object):
    def __init__(self, name, level):
        self.name = name
        self.level = level
        self.tags = []


# instances, in a list and in a dict
DEFAULT = Config("default", 1)
CONFIGS = [Config("c%d" % k, k) for k in range(3)]
REGISTRY = {}
for _cfg in CONFIGS:
    REGISTRY[_cfg.name] = _cfg
DEFAULT.tags.append("builtin")


def bump():
    COUNTER["calls"] += 1
    return COUNTER["calls"]


def main(argv):
    print(LIMIT, SCALE, GREETING, DEBUG, NOTHING)
    print(SQUARES, CUBES[-1], EMPTY, WORDS, FLOATS)
    print(NESTED, NESTED[2][1])
    print(TABLE, BY_LEN, CHAR_CODES)
    print(ORIGIN, PAIRS, MIXED, MIXED[1] + 1)
    print(ALPHABET, len(ALPHABET), BANNER)
    print(DEFAULT.name, DEFAULT.level, DEFAULT.tags, [c.name for c in CONFIGS])
    # mutate prebuilt objects at run time
    SQUARES.append(100)
    SQUARES[0] = -1
    del SQUARES[1]
    EMPTY.append(7)
    TABLE["new"] = 99
    del TABLE["k0"]
    BY_LEN[4].append("zeta")
    DEFAULT.level = 5
    DEFAULT.tags.append("changed")
    REGISTRY["c1"].level = 100
    NESTED[0][0] = 42
    for k in range(3):
        bump()
    print(SQUARES, EMPTY, TABLE, BY_LEN)
    print(DEFAULT.level, DEFAULT.tags, CONFIGS[1].level, REGISTRY["c1"] is CONFIGS[1])
    print(NESTED, COUNTER)
    print("k3" in TABLE, "k0" in TABLE, len(TABLE), sum(SQUARES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
