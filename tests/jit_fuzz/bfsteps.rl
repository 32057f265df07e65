"""A BF interpreter with a step budget, for the random differential JIT
test (tests/jit_fuzz/run.sh): random programs may loop forever, so the run
stops after STEPS instructions; it prints what the program wrote and a
checksum of the tape. Usage: bfsteps PROGRAM.b STEPS"""
import os
import sys

from rpython.rlib.jit import JitDriver, elidable

driver = JitDriver(greens=["pc", "program", "brackets"], reds=["tape", "pos", "steps", "out", "budget"])


@elidable
def match(brackets, pc):
    return brackets[pc]


def run(program, brackets, budget):
    tape = [0] * 64
    pos = 0
    pc = 0
    steps = 0
    out = []
    while pc < len(program) and steps < budget:
        driver.jit_merge_point(pc=pc, program=program, brackets=brackets, tape=tape, pos=pos,
                               steps=steps, out=out, budget=budget)
        c = program[pc]
        steps += 1
        if c == ">":
            pos += 1
            if pos == len(tape):
                tape.append(0)
        elif c == "<":
            if pos > 0:
                pos -= 1
        elif c == "+":
            tape[pos] = (tape[pos] + 1) & 255
        elif c == "-":
            tape[pos] = (tape[pos] - 1) & 255
        elif c == ".":
            out.append(tape[pos])
        elif c == "[" and tape[pos] == 0:
            pc = match(brackets, pc)
        elif c == "]" and tape[pos] != 0:
            pc = match(brackets, pc)
        pc += 1
    total = 0
    for i in range(len(tape)):
        total = (total * 31 + tape[i] * (i + 1)) % 1000000007
    return out, total, pos, steps


def parse(text):
    program = []
    brackets = {}
    stack = []
    for c in text:
        if c in "<>+-.[]":
            if c == "[":
                stack.append(len(program))
            elif c == "]":
                if not stack:
                    continue
                left = stack.pop()
                brackets[left] = len(program)
                brackets[len(program)] = left
            program.append(c)
    while stack:  # unmatched '[': drop them
        program[stack.pop()] = "+"
    return "".join(program), brackets


def main(argv):
    if len(argv) < 3:
        os.write(2, "usage: bfsteps PROGRAM.b STEPS\n")
        return 2
    fd = os.open(argv[1], os.O_RDONLY, 0)
    chunks = []
    while True:
        data = os.read(fd, 4096)
        if len(data) == 0:
            break
        chunks.append(data)
    os.close(fd)
    program, brackets = parse("".join(chunks))
    out, total, pos, steps = run(program, brackets, int(argv[2]))
    check = 0
    for x in out:
        check = (check * 131 + x) % 1000000007
    print("out %d %d tape %d pos %d steps %d" % (len(out), check, total, pos, steps))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
