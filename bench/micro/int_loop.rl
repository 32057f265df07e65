"""micro: integer arithmetic in nested range loops (no allocation)."""
import sys


def collatz_steps(n):
    steps = 0
    while n != 1:
        if n & 1:
            n = 3 * n + 1
        else:
            n = n >> 1
        steps += 1
    return steps


def run(limit):
    total = 0
    best = 0
    for i in range(1, limit):
        s = collatz_steps(i)
        total += s
        if s > best:
            best = s
    return total, best


def main(argv):
    limit = 3000000
    if len(argv) > 1:
        limit = int(argv[1])
    total, best = run(limit)
    print("steps %d, longest %d" % (total, best))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
