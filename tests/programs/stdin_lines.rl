"""Reading stdin with os.read in small chunks, splitting into lines by hand
(a final line without a newline included), and processing a small
command language: sums, reversal, uppercase, errors for bad input."""
import os
import sys


class LineReader(object):
    def __init__(self, fd):
        self.fd = fd
        self.buf = ""
        self.eof = False

    def readline(self):
        while True:
            nl = self.buf.find("\n")
            if nl >= 0:
                line = self.buf[:nl]
                self.buf = self.buf[nl + 1:]
                return line
            if self.eof:
                if self.buf:
                    line = self.buf
                    self.buf = ""
                    return line
                return None
            chunk = os.read(self.fd, 7)
            if not chunk:
                self.eof = True
            else:
                self.buf += chunk


def main(argv):
    r = LineReader(0)
    lineno = 0
    total = 0
    errors = 0
    while True:
        line = r.readline()
        if line is None:
            break
        lineno += 1
        words = line.split()
        if not words:
            print("%3d: (blank)" % lineno)
            continue
        cmd = words[0]
        rest = words[1:]
        if cmd == "sum":
            try:
                s = 0
                for w in rest:
                    s += int(w)
                total += s
                print("%3d: sum = %d" % (lineno, s))
            except ValueError:
                errors += 1
                print("%3d: error: not a number in %r" % (lineno, " ".join(rest)))
        elif cmd == "rev":
            print("%3d: %s" % (lineno, " ".join([w for w in reversed(rest)])))
        elif cmd == "upper":
            print("%3d: %s" % (lineno, " ".join(rest).upper()))
        elif cmd == "len":
            print("%3d: %d chars, %d words" % (lineno, len(line), len(rest)))
        else:
            errors += 1
            print("%3d: unknown command %r" % (lineno, cmd))
    print("lines %d, total %d, errors %d" % (lineno, total, errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
