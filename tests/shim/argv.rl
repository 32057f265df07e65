"""argv holds the argument bytes, one char per byte (an 'é' given in UTF-8
is two chars)."""
import sys


def main(argv):
    print(len(argv) - 1)
    for arg in argv[1:]:
        print(len(arg), "[" + arg + "]",
              " ".join([str(ord(c)) for c in arg]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
