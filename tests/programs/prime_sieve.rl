"""Primes: sieve of Eratosthenes, a segmented sieve, trial-division
factorization, Euler's totient, and Goldbach pairs."""
import sys


def sieve(n):
    is_p = [True] * (n + 1)
    is_p[0] = False
    if n >= 1:
        is_p[1] = False
    i = 2
    while i * i <= n:
        if is_p[i]:
            for j in range(i * i, n + 1, i):
                is_p[j] = False
        i += 1
    return [k for k in range(n + 1) if is_p[k]]


def segmented(lo, hi, base):
    mark = [True] * (hi - lo)
    for p in base:
        if p * p >= hi:
            break
        start = max(p * p, (lo + p - 1) // p * p)
        for j in range(start, hi, p):
            mark[j - lo] = False
    return [lo + i for i in range(hi - lo) if mark[i] and lo + i > 1]


def factorize(n):
    fs = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            fs.append(d)
            n //= d
        d += 1
    if n > 1:
        fs.append(n)
    return fs


def totient(n):
    result = n
    for p in set_of(factorize(n)):
        result -= result // p
    return result


def set_of(xs):
    seen = {}
    out = []
    for x in xs:
        if x not in seen:
            seen[x] = True
            out.append(x)
    return out


def main(argv):
    ps = sieve(100)
    print(len(ps), ps)
    big = sieve(100000)
    print("primes below 100000:", len(big), "last:", big[-1], big[-2])
    seg = segmented(1000000, 1000200, big)
    print("primes in [1000000, 1000200):", seg)
    for n in [1, 2, 12, 97, 360, 1001, 65536, 999983 * 2, 600851475143]:
        fs = factorize(n)
        print("%d = %s" % (n, " * ".join([str(f) for f in fs]) if fs else "1"))
    print("phi:", [totient(n) for n in range(1, 21)])
    primeset = {}
    for p in big:
        if p > 200:
            break
        primeset[p] = True
    for even in range(4, 41, 6):
        pairs = []
        for p in ps:
            if p > even // 2:
                break
            if (even - p) in primeset:
                pairs.append("%d+%d" % (p, even - p))
        print(even, pairs)
    twins = 0
    for i in range(1, len(big)):
        if big[i] - big[i - 1] == 2:
            twins += 1
    print("twin prime pairs below 100000:", twins)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
