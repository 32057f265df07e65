"""+= of lists at translation time, empty ones included (a fuzz crash)."""
import sys

SQUARES = []
SQUARES += []
SQUARES += [1]
SQUARES += []
EMPTY = []
EMPTY += []


def main(argv):
    print(len(SQUARES))
    print(len(EMPTY))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
