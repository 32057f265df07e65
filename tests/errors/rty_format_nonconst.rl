# RL (like RPython) needs the format of `%` to be a constant string.
import sys


def show(fmt, n):
    return fmt % n


def main(argv):
    print(show("%d", 1), show("%x", 255))
    w = len(argv) + 3
    print(("%" + str(w) + "d") % 7)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
