"""A Brainfuck interpreter in RL, in the style of the PyPy tutorial.

Usage: bf PROGRAM.b  (reads the program's input from stdin)
"""
import os
import sys

from rpython.rlib.jit import JitDriver, elidable


def get_location(pc, program, bracket_map):
    # the instruction between a few of its neighbours, for the JIT's logs
    start = pc - 8
    if start < 0:
        start = 0
    return "%d: %s_%s_%s" % (pc, program[start:pc], program[pc], program[pc + 1:pc + 9])


jitdriver = JitDriver(greens=['pc', 'program', 'bracket_map'],
                      reds=['tape'],
                      get_printable_location=get_location)


@elidable
def get_matching_bracket(bracket_map, pc):
    return bracket_map[pc]


class Tape(object):
    def __init__(self):
        self.thetape = [0]
        self.position = 0

    def get(self):
        return self.thetape[self.position]

    def set(self, val):
        self.thetape[self.position] = val

    def inc(self):
        self.thetape[self.position] = (self.thetape[self.position] + 1) & 255

    def dec(self):
        self.thetape[self.position] = (self.thetape[self.position] - 1) & 255

    def advance(self):
        self.position += 1
        if len(self.thetape) <= self.position:
            self.thetape.append(0)

    def devance(self):
        self.position -= 1


def mainloop(program, bracket_map):
    pc = 0
    tape = Tape()
    while pc < len(program):
        jitdriver.jit_merge_point(pc=pc, tape=tape, program=program,
                                  bracket_map=bracket_map)
        code = program[pc]
        if code == ">":
            tape.advance()
        elif code == "<":
            tape.devance()
        elif code == "+":
            tape.inc()
        elif code == "-":
            tape.dec()
        elif code == ".":
            os.write(1, chr(tape.get()))
        elif code == ",":
            s = os.read(0, 1)
            if len(s) == 0:
                tape.set(0)
            else:
                tape.set(ord(s[0]))
        elif code == "[" and tape.get() == 0:
            pc = get_matching_bracket(bracket_map, pc)
        elif code == "]" and tape.get() != 0:
            # a jump back: where the user's loops start, so where the JIT
            # counts (a JIT binary that is not hot only counts here)
            pc = get_matching_bracket(bracket_map, pc)
            jitdriver.can_enter_jit(pc=pc + 1, tape=tape, program=program,
                                    bracket_map=bracket_map)
        pc += 1


def parse(program):
    parsed = []
    for char in program:
        if char in ('[', ']', '<', '>', '+', '-', ',', '.'):
            parsed.append(char)
    code = "".join(parsed)
    # each bracket's partner, by position: a list, as the C interpreter's
    # array (a dict lookup per jump cost --no-jit a C call; with the JIT
    # the lookup folds either way: the map is green)
    bracket_map = [0] * len(code)
    leftstack = []
    pc = 0
    for char in code:
        if char == '[':
            leftstack.append(pc)
        elif char == ']':
            left = leftstack.pop()
            bracket_map[left] = pc
            bracket_map[pc] = left
        pc += 1
    return code, bracket_map


def read_file(path):
    fd = os.open(path, os.O_RDONLY, 0o777)
    chunks = []
    while True:
        data = os.read(fd, 4096)
        if len(data) == 0:
            break
        chunks.append(data)
    os.close(fd)
    return "".join(chunks)


def entry_point(argv):
    if len(argv) < 2:
        os.write(2, "usage: %s PROGRAM.b\n" % argv[0])
        return 2
    try:
        source = read_file(argv[1])
    except OSError:
        os.write(2, "cannot read %s\n" % argv[1])
        return 1
    program, bracket_map = parse(source)
    mainloop(program, bracket_map)
    return 0


def target(*args):
    return entry_point, None


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
