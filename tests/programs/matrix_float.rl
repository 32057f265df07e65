"""Matrix operations on lists of lists of floats: product, transpose,
Gaussian elimination with partial pivoting, determinant, inverse, and the
power method for the dominant eigenvalue."""
import sys
import math


def zeros(n, m):
    return [[0.0] * m for i in range(n)]


def identity(n):
    r = zeros(n, n)
    for i in range(n):
        r[i][i] = 1.0
    return r


def matmul(a, b):
    n = len(a)
    m = len(b[0])
    k = len(b)
    r = zeros(n, m)
    for i in range(n):
        for j in range(m):
            s = 0.0
            for t in range(k):
                s += a[i][t] * b[t][j]
            r[i][j] = s
    return r


def transpose(a):
    return [[a[i][j] for i in range(len(a))] for j in range(len(a[0]))]


def fmt(m):
    lines = []
    for row in m:
        lines.append("[" + " ".join(["%9.4f" % x for x in row]) + "]")
    return "\n".join(lines)


class Singular(Exception):
    pass


def solve(a, b):
    n = len(a)
    m = [a[i][:] + [b[i]] for i in range(n)]
    for col in range(n):
        piv = col
        for r in range(col + 1, n):
            if abs(m[r][col]) > abs(m[piv][col]):
                piv = r
        if abs(m[piv][col]) < 1e-12:
            raise Singular("singular matrix")
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    i = n - 1
    while i >= 0:
        s = m[i][n]
        for j in range(i + 1, n):
            s -= m[i][j] * x[j]
        x[i] = s / m[i][i]
        i -= 1
    return x


def det(a):
    n = len(a)
    m = [row[:] for row in a]
    d = 1.0
    for col in range(n):
        piv = col
        for r in range(col + 1, n):
            if abs(m[r][col]) > abs(m[piv][col]):
                piv = r
        if m[piv][col] == 0.0:
            return 0.0
        if piv != col:
            m[col], m[piv] = m[piv], m[col]
            d = -d
        d *= m[col][col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n):
                m[r][c] -= f * m[col][c]
    return d


def inverse(a):
    n = len(a)
    cols = []
    for j in range(n):
        e = [0.0] * n
        e[j] = 1.0
        cols.append(solve(a, e))
    return transpose(cols)


def power_method(a, iters):
    v = [1.0] * len(a)
    lam = 0.0
    for k in range(iters):
        w = [sum([a[i][j] * v[j] for j in range(len(v))]) for i in range(len(a))]
        norm = math.sqrt(sum([x * x for x in w]))
        v = [x / norm for x in w]
        lam = norm
    return lam


def rounded(x):
    r = round(x, 6)
    if r == 0.0:
        return 0.0
    return r


def main(argv):
    a = [[4.0, -2.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, 4.0]]
    b = [11.0, -16.0, 17.0]
    print(fmt(a))
    print("transpose equal:", transpose(a) == a)
    x = solve(a, b)
    print("x =", [rounded(v) for v in x])
    print("det =", "%.6f" % det(a))
    inv = inverse(a)
    print(fmt(inv))
    prod = matmul(a, inv)
    print(fmt([[rounded(v) for v in row] for row in prod]))
    print("eig ~ %.5f" % power_method(a, 60))
    r = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    print(fmt(matmul(r, transpose(r))))
    print(fmt(transpose(r)))
    try:
        solve([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0])
    except Singular as e:
        print("Singular:", str(e))
    print("det singular:", det([[1.0, 2.0], [2.0, 4.0]]))
    h = zeros(5, 5)
    for i in range(5):
        for j in range(5):
            h[i][j] = 1.0 / (i + j + 1)
    print("hilbert det %.6e" % det(h))
    print(fmt(matmul(identity(2), [[0.5, -1.5], [2.25, 1e-3]])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
