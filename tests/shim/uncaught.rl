"""An uncaught exception: stdout flushed, exit status 1."""
import sys


def fail(n):
    if n > 2:
        raise ValueError("too big: %d" % n)
    return n


def main(argv):
    print("start")
    for i in range(5):
        print(fail(i))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
