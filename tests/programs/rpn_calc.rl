"""An RPN calculator reading programs from stdin (one per line): float
stack, arithmetic, stack words (dup swap drop), user-defined words
(": name ... ;"), and error reporting per line; the exit status counts
the failing lines."""
import os
import sys


class CalcError(Exception):
    pass


class Calc(object):
    def __init__(self):
        self.stack = []
        self.words = {}

    def pop(self):
        if not self.stack:
            raise CalcError("stack underflow")
        return self.stack.pop()

    def run(self, tokens):
        i = 0
        while i < len(tokens):
            t = tokens[i]
            i += 1
            if t == ":":
                end = i
                while end < len(tokens) and tokens[end] != ";":
                    end += 1
                if end >= len(tokens) or end == i:
                    raise CalcError("bad definition")
                self.words[tokens[i]] = tokens[i + 1:end]
                i = end + 1
            elif t in self.words:
                self.run(self.words[t])
            elif t in ("+", "-", "*", "/"):
                b = self.pop()
                a = self.pop()
                if t == "+":
                    self.stack.append(a + b)
                elif t == "-":
                    self.stack.append(a - b)
                elif t == "*":
                    self.stack.append(a * b)
                else:
                    if b == 0.0:
                        raise CalcError("division by zero")
                    self.stack.append(a / b)
            elif t == "dup":
                v = self.pop()
                self.stack.append(v)
                self.stack.append(v)
            elif t == "swap":
                b = self.pop()
                a = self.pop()
                self.stack.append(b)
                self.stack.append(a)
            elif t == "drop":
                self.pop()
            else:
                try:
                    self.stack.append(float(t))
                except ValueError:
                    raise CalcError("unknown word " + t)


def read_stdin():
    parts = []
    while True:
        s = os.read(0, 4096)
        if not s:
            break
        parts.append(s)
    return "".join(parts)


def main(argv):
    calc = Calc()
    failures = 0
    for n, line in enumerate(read_stdin().split("\n")):
        if not line.strip():
            continue
        try:
            calc.run(line.split())
            print("%d: %s" % (n + 1, " ".join([repr(v) for v in calc.stack])))
        except CalcError as e:
            failures += 1
            print("%d: error: %s" % (n + 1, str(e)))
            calc.stack = []
    return failures


if __name__ == "__main__":
    sys.exit(main(sys.argv))
