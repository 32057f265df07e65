"""Random BF programs for tests/jit_fuzz/run.sh: python3 gen.py SEED prints
one (balanced brackets; loops nested up to 4 deep; runs of > and <, as
BF programs have, so the range pass and bridges get work)."""
import random
import sys


def block(r, depth, n):
    out = []
    while len(out) < n:
        k = r.random()
        if k < 0.18 and depth < 4:
            out.append("[" + block(r, depth + 1, r.randint(1, 12)) + "]")
        elif k < 0.45:
            out.append(r.choice("<>") * r.randint(1, 6))
        elif k < 0.85:
            out.append(r.choice("+-") * r.randint(1, 9))
        else:
            out.append(".")
    return "".join(out)


r = random.Random(int(sys.argv[1]))
sys.stdout.write(block(r, 0, r.randint(5, 40)) + "\n")
