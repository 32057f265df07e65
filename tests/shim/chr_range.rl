"""chr(n) is a one-byte str for 0 <= n < 256, else ValueError."""
import sys


def try_chr(n):
    try:
        c = chr(n)
        print("chr(%d) ok, ord %d" % (n, ord(c)))
    except ValueError:
        print("chr(%d) ValueError" % n)


def main(argv):
    for n in [0, 65, 255, 256, 1000, -1]:
        try_chr(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
