"""The entry point's result is the exit status; output is flushed first."""
import os
import sys


def main(argv):
    print("exiting with", 3)
    os.write(1, "written\n")
    print("buffered", end="")
    return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
