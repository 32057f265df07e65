# Iterating a tuple needs items of one type (RL lowers it to an index over
# the tuple's fields).
import sys


def main(argv):
    for x in (1, "two", 3):
        print(x)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
