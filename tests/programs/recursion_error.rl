"""Recursion: deep but bounded recursion (5,000 frames, well within the
50,000 RL guarantees), and unbounded recursion raising RecursionError,
caught (the depth at which it comes is not printed), with the program
continuing normally afterwards; also through mutual recursion and methods."""
import sys


def depth_sum(n):
    if n == 0:
        return 0
    return n + depth_sum(n - 1)


def forever(n):
    return forever(n + 1) + 1


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


class Walker(object):
    def __init__(self):
        self.calls = 0

    def walk(self, n):
        self.calls += 1
        return self.walk(n + 1)


def main(argv):
    sys.setrecursionlimit(8000)
    print("sum to 5000:", depth_sum(5000))
    print("even 5001:", is_even(5001), "odd 5001:", is_odd(5001))
    try:
        forever(0)
        print("not reached")
    except RecursionError:
        print("RecursionError caught")
    try:
        is_even(-1)
    except RecursionError:
        print("RecursionError from mutual recursion")
    w = Walker()
    try:
        w.walk(0)
    except RuntimeError:
        print("caught as RuntimeError; calls > 1000:", w.calls > 1000)
    print("still fine:", depth_sum(100))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
