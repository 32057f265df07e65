"""Code after an unpacking that always fails (`x, = []` raises ValueError)
is never reached: its `{}` has no key or value type, and the rtyper must
not build a dict for it (fuzz_translate crashed there)."""
import sys


def parse(n):
    parsed, = []
    table = {}
    table[n] = parsed
    return table


def entry_point(argv):
    try:
        parse(len(argv))
        print("not reached")
    except ValueError:
        print("caught")
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
