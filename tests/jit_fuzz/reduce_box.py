"""Shrinks a boxvm program on which the JIT binary disagrees with the
--no-jit binary (tests/jit_fuzz/run_box.sh prints the seed and the mode):

  python3 tests/jit_fuzz/reduce_box.py NOJIT JIT MODE PROGRAM [BUDGET] > small.txt

MODE is the RTRANS_JIT value ('' for unset). It deletes instructions
(renumbering jump targets), then whole trailing functions and calls to
them, then lowers constants and the budget, as long as the outputs still
differ (stdout and exit status)."""
import os
import subprocess
import sys

NOJIT, JIT, MODE, PROG = sys.argv[1:5]
BUDGET = int(sys.argv[5]) if len(sys.argv) > 5 else 200000
JUMPS = {"jlt": 3, "jtrue": 3, "jis": 3, "jinst": 3, "jeq": 3, "jmp": 3, "loop": 2}


def parse(text):
    funcs = []
    for line in text.split("\n"):
        p = line.split()
        if not p:
            continue
        if p[0] == "F":
            funcs.append([int(p[1]), []])
        else:
            funcs[-1][1].append([p[0]] + [int(x) for x in p[1:]])
    return funcs


def show(funcs):
    out = []
    for nregs, code in funcs:
        out.append("F %d" % nregs)
        for ins in code:
            out.append("%s %d %d %d" % tuple(ins))
    return "\n".join(out) + "\n"


def run(binary, text, budget, mode):
    with open("/tmp/reduce_box.%d.txt" % os.getpid(), "w") as f:
        f.write(text)
    env = dict(os.environ)
    env.pop("RTRANS_JIT", None)
    if mode:
        env["RTRANS_JIT"] = mode
    try:
        p = subprocess.run([binary, f.name, str(budget)], env=env, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "timeout"
    return p.stdout.decode("latin-1") + "\nstatus %d" % p.returncode


def bad(funcs, budget):
    text = show(funcs)
    return run(NOJIT, text, budget, "") != run(JIT, text, budget, MODE)


def delete(funcs, f, i):
    new = [[n, [list(x) for x in c]] for n, c in funcs]
    code = new[f][1]
    del code[i]
    for ins in code:
        k = JUMPS.get(ins[0])
        if k is not None and ins[k] > i:
            ins[k] -= 1
    return new


def main():
    funcs = parse(open(PROG).read())
    budget = BUDGET
    assert bad(funcs, budget), "the program does not fail"
    changed = True
    while changed:
        changed = False
        # drop trailing functions (calls to them become movs)
        while len(funcs) > 1:
            last = len(funcs) - 1
            new = [[n, [list(x) for x in c]] for n, c in funcs[:last]]
            for _, code in new:
                for ins in code:
                    if ins[0] == "call" and ins[2] >= last:
                        ins[:] = ["mov", ins[1], ins[3], 0]
            if not bad(new, budget):
                break
            funcs = new
            changed = True
        for f in range(len(funcs)):
            chunk = max(1, len(funcs[f][1]) // 4)
            while chunk >= 1:
                i = len(funcs[f][1]) - chunk
                while i >= 0:
                    new = funcs
                    for _ in range(chunk):
                        new = delete(new, f, i)
                    if bad(new, budget):
                        funcs = new
                        changed = True
                    i -= chunk
                    i = min(i, len(funcs[f][1]) - chunk)
                chunk //= 2
        # lower constants (loop counts, const values)
        for f in range(len(funcs)):
            for i, ins in enumerate(funcs[f][1]):
                if ins[0] in ("const", "fconst"):
                    for v in (0, 1, 2, ins[2] // 2):
                        if abs(v) < abs(ins[2]):
                            new = [[n, [list(x) for x in c]] for n, c in funcs]
                            new[f][1][i][2] = v
                            if bad(new, budget):
                                funcs = new
                                changed = True
                                break
        lo, hi = 0, budget
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if bad(funcs, mid):
                hi = mid
            else:
                lo = mid
        if hi < budget:
            budget = hi
            changed = True
    sys.stderr.write("budget %d\n" % budget)
    sys.stdout.write(show(funcs))


main()
