"""Conway's game of life on a wrapping grid of lists of bools: a glider and
a blinker, population counts per generation, and a final picture."""
import sys


def make(h, w, cells):
    g = [[False] * w for i in range(h)]
    for r, c in cells:
        g[r][c] = True
    return g


def step(g):
    h = len(g)
    w = len(g[0])
    new = [[False] * w for i in range(h)]
    for r in range(h):
        for c in range(w):
            n = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if dr == 0 and dc == 0:
                        continue
                    if g[(r + dr) % h][(c + dc) % w]:
                        n += 1
            new[r][c] = n == 3 or (n == 2 and g[r][c])
    return new


def population(g):
    return sum([sum([1 for x in row if x]) for row in g])


def picture(g):
    return "\n".join(["".join(["#" if x else "." for x in row]) for row in g])


def main(argv):
    g = make(10, 12, [(0, 1), (1, 2), (2, 0), (2, 1), (2, 2), (5, 7), (5, 8), (5, 9)])
    print(picture(g))
    pops = []
    for gen in range(40):
        g = step(g)
        pops.append(population(g))
    print(pops)
    print(picture(g))
    r = make(5, 5, [(1, 1), (1, 2), (2, 1), (2, 2)])
    print("block is still life:", step(r) == r)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
