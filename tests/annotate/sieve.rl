"""Prime sieve: prints the primes below N (default 100) and their count."""
import sys


class Sieve(object):
    def __init__(self, limit):
        self.limit = limit
        self.composite = [False] * limit

    def run(self):
        primes = []
        for i in range(2, self.limit):
            if self.composite[i]:
                continue
            primes.append(i)
            j = i * i
            while j < self.limit:
                self.composite[j] = True
                j += i
        return primes


def main(argv):
    limit = 100
    if len(argv) > 1:
        try:
            limit = int(argv[1])
        except ValueError:
            print("not a number: %s" % argv[1])
            return 2
    primes = Sieve(limit).run()
    print(" ".join([str(p) for p in primes]))
    print("%d primes below %d" % (len(primes), limit))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
