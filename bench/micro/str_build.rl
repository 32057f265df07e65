"""micro: string building: str(), %-formatting, join, slicing, ord/chr."""
import sys


def build(n):
    parts = []
    for i in range(n):
        parts.append("%d:%s" % (i, chr(97 + i % 26)))
    s = ",".join(parts)
    return s


def checksum(s):
    h = 0
    for c in s:
        h = (h * 31 + ord(c)) & 0xffffff
    return h


def main(argv):
    n = 300000
    if len(argv) > 1:
        n = int(argv[1])
    total = 0
    length = 0
    for r in range(4):
        s = build(n + r)
        length += len(s)
        total = (total + checksum(s[r:])) & 0xffffff
    print("length %d, checksum %d" % (length, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
