# A Python 3 built-in that RL does not provide is "not supported in RL"
# (LANGUAGE.md), not an undefined name; a name nobody defines still is.
import sys


def entry_point(argv):
    print(pow(2, len(argv)))
    print(undefined_thing)
    return 0


if __name__ == "__main__":
    sys.exit(entry_point(sys.argv))
