"""An uncaught built-in exception: stdout written before it is flushed, the
exit status is 1 (stderr is not compared)."""
import sys


def lookup(d, k):
    return d[k]


def main(argv):
    d = {"one": 1, "two": 2}
    print("before")
    for k in ["one", "two"]:
        print(k, lookup(d, k))
    print("no newline at the end yet", end="")
    print(lookup(d, "three"))
    print("never printed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
