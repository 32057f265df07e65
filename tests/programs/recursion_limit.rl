"""Unbounded recursion raises RecursionError, caught in RL as
RecursionError and as its base RuntimeError; the program goes on normally
afterwards (the stack unwound), recursion of moderate depth still works,
and state changed before the overflow is kept. Prints nothing that depends
on the depth where the error comes."""
import sys


class Counter(object):
    def __init__(self):
        self.calls = 0
        self.max_depth = 0


def forever(c, depth):
    c.calls += 1
    if depth > c.max_depth:
        c.max_depth = depth
    return forever(c, depth + 1) + 1


def ping(n):
    if n < 0:
        return 0
    return pong(n + 1) + 1


def pong(n):
    return ping(n + 1) + 1


def depth_sum(n):
    if n == 0:
        return 0
    return n + depth_sum(n - 1)


def guarded(c):
    try:
        forever(c, 0)
        return "returned?"
    except RecursionError:
        return "RecursionError"


def main(argv):
    c = Counter()
    print(guarded(c), c.calls > 1000, c.calls == c.max_depth + 1)
    try:
        try:
            ping(0)
            print("no error?")
        finally:
            print("finally ran")
    except RuntimeError as e:
        print("caught as RuntimeError:", isinstance(e, RecursionError))
    # deep but bounded recursion works (RL guarantees 50,000 levels)
    print(depth_sum(20000))
    print(depth_sum(100))
    return 0


if __name__ == "__main__":
    sys.setrecursionlimit(25000)
    sys.exit(main(sys.argv))
