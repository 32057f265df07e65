import sys


def main(argv):
    l = [3, 1]
    l.sort(reverse=True)
    l.append(x=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
