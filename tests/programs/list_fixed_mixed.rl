"""Lists that are never resized are fixed-size arrays after translation;
lists that are appended to stay resizable. Operations that take one of
each kind (concatenation, comparison, slices into a resized list, extend,
list(), join and sort of a fixed list, `[x] * n` grown later) must agree
with CPython."""


def fixed_squares(n):
    out = [0] * n           # never resized: a fixed-size list
    for i in range(n):
        out[i] = i * i
    return out


def grown(n):
    out = []                # appended to: resizable
    for i in range(n):
        out.append(i * i)
    return out


def total(xs):
    s = 0
    for x in xs:
        s += x
    return s


def main(argv):
    f = fixed_squares(5)
    g = grown(5)
    print(f == g, f != g, f < g, g <= f)
    g.append(25)
    print(f == g, f < g, g > f, len(f), len(g))
    both = f + g            # a new list of a third listdef
    print(len(both), both[0], both[len(both) - 1], total(both))
    part = g[1:4]           # a slice of the resizable one
    part.append(99)
    print(part)
    fpart = f[2:]           # a slice of the fixed one, never resized
    print(fpart, len(fpart))
    g.extend(f)             # a fixed list extends a resizable one
    print(len(g), g[6], g[len(g) - 1])
    copy = list(f)
    copy.append(-1)
    print(copy)
    names = ["b", "c", "a"]  # fixed: sort and join on an array
    names.sort()
    print(",".join(names), "".join(names))
    chars = ["x", "y", "z"]
    print("-".join(chars))
    rev = [3, 1, 2]
    rev.reverse()
    print(rev, 2 in rev, 7 in rev, rev.index(1), rev.count(3))
    grid = [[0] * 3 for _ in range(2)]  # a comprehension: resized rows' list
    grid[1][2] = 7
    print(grid)
    stack = [None] * 2      # [x] * n, then grown
    stack.append("top")
    print(len(stack), stack[2])
    print(sorted(f, reverse=True), max(f), min(g), sum(f))
    words = "one two three".split()  # built by C: resizable
    print(len(words), words[1], "+".join(words))
    return 0


if __name__ == "__main__":
    import sys
    main(sys.argv)
