"""print() and os.write(1, ...) output appears in program order."""
import os
import sys


def main(argv):
    print("one")
    os.write(1, "two\n")
    print("three", end="")
    os.write(1, "|four\n")
    print("five", "six", sep="-")
    os.write(2, "to stderr\n")
    os.write(1, "seven\n")
    print("eight")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
