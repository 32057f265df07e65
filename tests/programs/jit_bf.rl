"""A Brainfuck interpreter in the PyPy-tutorial style: a JitDriver with
greens (pc, program, bracket map) and reds, get_printable_location, an
@elidable bracket lookup, promote, and output through os.write."""
import os
import sys
from rlib.jit import JitDriver, elidable, purefunction, promote, we_are_jitted


def get_location(pc, program, bracket_map):
    return "%d %s" % (pc, program[pc])


jitdriver = JitDriver(greens=["pc", "program", "bracket_map"], reds=["tape", "out"],
                      get_printable_location=get_location)


class BracketMap(object):
    _immutable_fields_ = ["map"]

    def __init__(self, m):
        self.map = m


@elidable
def get_matching_bracket(bracket_map, pc):
    return bracket_map.map[pc]


@purefunction
def is_command(c):
    return c in "+-<>[].,"


class Tape(object):
    def __init__(self):
        self.thetape = [0]
        self.position = 0

    def get(self):
        return self.thetape[self.position]

    def set(self, val):
        self.thetape[self.position] = val

    def inc(self):
        self.thetape[self.position] = (self.thetape[self.position] + 1) % 256

    def dec(self):
        self.thetape[self.position] = (self.thetape[self.position] - 1) % 256

    def advance(self):
        self.position += 1
        if len(self.thetape) <= self.position:
            self.thetape.append(0)

    def devance(self):
        self.position -= 1


def parse(program):
    parsed = []
    bracket_map = {}
    leftstack = []
    pc = 0
    for char in program:
        if is_command(char):
            parsed.append(char)
            if char == "[":
                leftstack.append(pc)
            elif char == "]":
                left = leftstack.pop()
                bracket_map[left] = pc
                bracket_map[pc] = left
            pc += 1
    return "".join(parsed), BracketMap(bracket_map)


def mainloop(program, bracket_map, out):
    pc = 0
    tape = Tape()
    while pc < len(program):
        jitdriver.jit_merge_point(pc=pc, tape=tape, program=program, bracket_map=bracket_map,
                                  out=out)
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
            out.append(chr(tape.get()))
        elif code == "[" and tape.get() == 0:
            pc = get_matching_bracket(bracket_map, pc)
        elif code == "]" and tape.get() != 0:
            pc = get_matching_bracket(bracket_map, pc)
        pc += 1
    return tape


HELLO = ("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>."
         "<-.<.+++.------.--------.>>+.>++.")
DIGITS = "++++++++[>++++++<-]>>++++++++++[<.+>-]++++++++++."
# nested loops: prints 'A' 3 * 4 = 12 times, then a newline
NESTED = ("++++++++[>++++++++<-]>+>+++[>++++[<<.>>-]<-]"
          "++++++++++.")


def mainloop(program, bracket_map, out):
    pc = 0
    tape = Tape()
    while pc < len(program):
        jitdriver.jit_merge_point(pc=pc, tape=tape, program=program, bracket_map=bracket_map,
                                  out=out)
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
            out.append(chr(tape.get()))
        elif code == "[" and tape.get() == 0:
            pc = get_matching_bracket(bracket_map, pc)
        elif code == "]" and tape.get() != 0:
            pc = get_matching_bracket(bracket_map, pc)
        pc += 1
    return tape


HELLO = ("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>."
         "<-.<.+++.------.--------.>>+.>++.")
SQUARES = ("++++[>+++++<-]>[<+++++>-]+<+[>[>+>+<<-]++>>[<<+>>-]>>>[-]++>[-]+>>>+[[-]++++++>>>]"
           "<<<[[<++++++++<++>>-]+<.<[>----<-]<]<<[>>>>>[>>>[-]+++++++++<[>-<-]+++++++++>"
           "[-[<->-]+[<<<]]<[>+<-]>]<<-]<<-]")


def main(argv):
    for src in [HELLO, DIGITS, NESTED, "+++[>+++++<-]>.", ",[.,]"]:
        program, bm = parse(src)
        out = []
        tape = mainloop(program, bm, out)
        text = "".join(out)
        os.write(1, text)
        print("[%d commands, %d output bytes, tape %d cells, jitted %s]" % (
            len(program), len(text), len(tape.thetape), we_are_jitted()))
    print(get_location(0, "+-", BracketMap({})), promote(5))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
