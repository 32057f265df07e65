"""sys.exit(n) called deep inside helper functions ends the program with
status n after flushing stdout; code after it does not run."""
import sys


def check(values):
    for v in values:
        if v < 0:
            print("negative value", v, "- giving up")
            sys.exit(4)
        print("ok", v)
    return len(values)


def run(argv):
    n = check([3, 1, 4])
    print("first batch", n)
    check([1, -5, 9])
    print("not reached")
    return 0


def main(argv):
    print("start")
    r = run(argv)
    print("not reached either", r)
    return r


if __name__ == "__main__":
    sys.exit(main(sys.argv))
