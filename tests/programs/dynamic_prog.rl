"""Dynamic programming: longest common subsequence (with reconstruction),
edit distance, 0/1 knapsack, coin change (ways and fewest coins), longest
increasing subsequence, and memoized Fibonacci/Catalan with a dict."""
import sys


def lcs(a, b):
    n = len(a)
    m = len(b)
    t = [[0] * (m + 1) for i in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if a[i] == b[j]:
                t[i][j] = t[i + 1][j + 1] + 1
            else:
                t[i][j] = max(t[i + 1][j], t[i][j + 1])
    out = []
    i = 0
    j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            out.append(a[i])
            i += 1
            j += 1
        elif t[i + 1][j] >= t[i][j + 1]:
            i += 1
        else:
            j += 1
    return "".join(out)


def edit_distance(a, b):
    prev = [j for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        prev = cur
    return prev[len(b)]


def knapsack(items, cap):
    best = [0] * (cap + 1)
    for w, v in items:
        c = cap
        while c >= w:
            if best[c - w] + v > best[c]:
                best[c] = best[c - w] + v
            c -= 1
    return best[cap]


def coin_ways(coins, amount):
    ways = [1] + [0] * amount
    for c in coins:
        for a in range(c, amount + 1):
            ways[a] += ways[a - c]
    return ways[amount]


def fewest_coins(coins, amount):
    INF = amount + 1
    dp = [0] + [INF] * amount
    for a in range(1, amount + 1):
        for c in coins:
            if c <= a and dp[a - c] + 1 < dp[a]:
                dp[a] = dp[a - c] + 1
    return dp[amount] if dp[amount] != INF else -1


def lis(xs):
    tails = []
    for x in xs:
        lo = 0
        hi = len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(x)
        else:
            tails[lo] = x
    return len(tails)


MEMO = {}


def fib(n):
    if n < 2:
        return n
    if n in MEMO:
        return MEMO[n]
    r = fib(n - 1) + fib(n - 2)
    MEMO[n] = r
    return r


def catalan(n, memo):
    if n <= 1:
        return 1
    if n in memo:
        return memo[n]
    total = 0
    for i in range(n):
        total += catalan(i, memo) * catalan(n - 1 - i, memo)
    memo[n] = total
    return total


def main(argv):
    for a, b in [("ABCBDAB", "BDCABA"), ("AGGTAB", "GXTXAYB"), ("", "abc"), ("same", "same")]:
        print("lcs(%r, %r) = %r  edit = %d" % (a, b, lcs(a, b), edit_distance(a, b)))
    print("kitten/sitting", edit_distance("kitten", "sitting"), edit_distance("flaw", "lawn"))
    print("knapsack", knapsack([(12, 4), (2, 2), (1, 1), (1, 2), (4, 10)], 15),
          knapsack([(5, 10), (4, 40), (6, 30), (3, 50)], 10))
    print("coin ways", coin_ways([1, 2, 5], 5), coin_ways([2, 5, 3, 6], 10), coin_ways([1, 5, 10, 25, 50], 100))
    print("fewest", fewest_coins([1, 2, 5], 11), fewest_coins([2], 3), fewest_coins([186, 419, 83, 408], 6249))
    print("lis", lis([10, 9, 2, 5, 3, 7, 101, 18]), lis([0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]))
    print("fib(90)", fib(90), len(MEMO))
    memo = {}
    print("catalan", [catalan(n, memo) for n in range(15)])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
