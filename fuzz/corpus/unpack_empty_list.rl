"""N-queens: counting solutions by backtracking with lists of booleans, by
bitmasks, printing the first board, and a sudoku-like latin square."""
import sys


def solve(n, row, cols, diag1, diag2, placement, found):
    if row == n:
        if len(found) < 1:
            found.append(placement[:])
        return 1
    count = 0
    for c in range(n):
        if cols[c] or diag1[row + c] or diag2[row - c + n - 1]:
            continue
        cols[c] = diag1[row + c] = diag2[row - c + n - 1] = True
        placement[row] = c
        count += solve(n, row + 1, cols, diag1, diag2, placement, found)
        cols[c] = diag1[row + c] = diag2[row - c + n - 1] = False
    return count


def count_bits(n, row, cols, d1, d2):
    if row == n:
        return 1
    full = (1 << n) - 1
    avail = full & ~(cols | d1 | d2)
    total = 0
    while avail:
        bit = avail & -avail
        avail -= bit
        total += count_bits(n, row + 1, cols | bit, ((d1 | bit) << 1) & full, (d2 | bit) >> 1)
    return total


def board(placement):
    n = len(placement)
    lines = []
    for r in range(n):
        lines.append(" ".join(["Q" if placement[r] == c else "." for c in range(n)]))
    return "\n".join(lines)


def main(argv):
    for n in range(1, 10):
        found ,= []
        k = solve(n, 0, [False] * n, [False] * (2 * n), [False] * (2 * n), [0] * n, found)
        kb = count_bits(n, 0, 0, 0, 0)
        first = found[0] if found else []
        print("n=%d solutions=%d bits=%d first=%s" % (n, k, kb, first))
    found = []
    solve(8, 0, [False] * 8, [False] * 16, [False] * 16, [0] * 8, found)
    print(board(found[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
