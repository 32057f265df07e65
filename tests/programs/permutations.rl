"""Permutations and combinations: recursive generation into a list,
lexicographic next_permutation, Heap's algorithm, k-combinations, the
power set via bit masks, and permutation rank/unrank."""
import sys


def perms_rec(items, k, cur, used, out):
    if len(cur) == k:
        out.append(cur[:])
        return
    for i in range(len(items)):
        if used[i]:
            continue
        used[i] = True
        cur.append(items[i])
        perms_rec(items, k, cur, used, out)
        cur.pop()
        used[i] = False


def next_permutation(a):
    i = len(a) - 2
    while i >= 0 and a[i] >= a[i + 1]:
        i -= 1
    if i < 0:
        return False
    j = len(a) - 1
    while a[j] <= a[i]:
        j -= 1
    a[i], a[j] = a[j], a[i]
    lo = i + 1
    hi = len(a) - 1
    while lo < hi:
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1
        hi -= 1
    return True


def heaps(n, a, out):
    if n == 1:
        out.append("".join(a))
        return
    for i in range(n - 1):
        heaps(n - 1, a, out)
        if n % 2 == 0:
            a[i], a[n - 1] = a[n - 1], a[i]
        else:
            a[0], a[n - 1] = a[n - 1], a[0]
    heaps(n - 1, a, out)


def combinations(n, k):
    out = []
    idx = [i for i in range(k)]
    while True:
        out.append(idx[:])
        i = k - 1
        while i >= 0 and idx[i] == n - k + i:
            i -= 1
        if i < 0:
            return out
        idx[i] += 1
        for j in range(i + 1, k):
            idx[j] = idx[j - 1] + 1


def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r


def rank(p):
    n = len(p)
    r = 0
    rest = sorted(p)
    for i in range(n):
        k = rest.index(p[i])
        r += k * factorial(n - 1 - i)
        del rest[k]
    return r


def unrank(items, r):
    rest = items[:]
    out = []
    n = len(items)
    for i in range(n):
        f = factorial(n - 1 - i)
        k = r // f
        r = r % f
        out.append(rest.pop(k))
    return out


def main(argv):
    out = []
    perms_rec([1, 2, 3], 3, [], [False] * 3, out)
    print(len(out), out)
    out2 = []
    perms_rec([1, 2, 3, 4], 2, [], [False] * 4, out2)
    print(len(out2), out2)
    letters = ["a", "b", "c", "d"]
    a = [0, 1, 2, 3]
    seq = []
    while True:
        seq.append("".join([letters[i] for i in a]))
        if not next_permutation(a):
            break
    print(len(seq), " ".join(seq))
    h = []
    heaps(4, ["a", "b", "c", "d"], h)
    print(len(h), " ".join(h))
    hs = h[:]
    hs.sort()
    print("heap's covers all:", hs == seq)
    print(combinations(5, 3))
    items = ["x", "y", "z"]
    subsets = []
    for mask in range(1 << len(items)):
        subsets.append("{" + ",".join([items[i] for i in range(len(items)) if mask & (1 << i)]) + "}")
    print(" ".join(subsets))
    p = [3, 1, 4, 0, 2]
    r = rank(p)
    print("rank", p, "=", r, "unrank ->", unrank([0, 1, 2, 3, 4], r))
    ok = True
    for k in range(factorial(5)):
        if rank(unrank([0, 1, 2, 3, 4], k)) != k:
            ok = False
    print("rank/unrank roundtrip:", ok)
    digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    count = 1
    while count < 10000:
        next_permutation(digits)
        count += 1
    print("10000th permutation:", "".join([str(d) for d in digits]),
          unrank([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 9999) == digits)
    print("millionth permutation:", "".join([str(d) for d in unrank([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 999999)]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
