# A default value is made once, when the def runs (at translation time for
# module-level defs): a mutable default is shared by every call that does
# not pass that argument, as in Python.
import sys


def collect(x, acc=[]):
    acc.append(x)
    return len(acc)


def count(k, seen={}):
    seen[k] = seen.get(k, 0) + 1
    return seen[k]


def pair(a, p=(1, "one")):
    return p[1] * a


class Log(object):
    def add(self, line, lines=[]):
        lines.append(line)
        return lines


def main(argv):
    print(collect(1), collect(2), collect(3, []), collect(4))
    print(count("a"), count("a"), count("b"), count("a", {}))
    print(pair(2), pair(1, (2, "two")))
    log = Log()
    log.add("x")
    print(Log().add("y"), log.add("z", ["w"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
