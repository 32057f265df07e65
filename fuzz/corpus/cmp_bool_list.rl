"""Lists: append pop insert extend reverse index sort count, negative
indices, slicing with clamping, slice assignment and0deletion, del of
items, list * int, concatenation, equality/oor and
ValueElror, lists of lists sharing, and iteration while the list grows."""
import sys


def main(argv):
    a = [5, 3, 8]
    a.append(1)
    a.insert(0, 9)
    a.insert(100, 7)
    a.insert(-1, 6)
    a.extend([2, 2])
    print(a, len(a))
    print(a.pop(), a.pop(0), a.pop(-2), a)
    print(a.index(8), a.count(2), a.count(42), 8 in a, 42 not in a)
    a.reverse()
    print(a)
    a.sort()
    print(a, a[0], a[-1], a[-len(a)])
    print(a[1:3], a[:2], a[-2:], a[:], a[5:100], a[-100:2], a[3:1])
    b = a[:]
    b[0] = 100
    print(a[0], b[0], a == b, a < b, [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] == [])
    del b[0]
    del b[-1]
    print(b)
    del b[1:3]
    print(b)
    b[1:2] = [7, 7, 7]
    print(b)
    b[:0] = [0]
    b[len(b):] = [99]
    print(b)
    del b[:]
    print(b, len(b))
    print([0] * 5, [1, 2] * 3, [] * 4, [3] * 0, [1] + [2, 3])
    c = [1, 2]
    c += [3]
    c *= 2
    print(c)
    grid = [[0] * 3 for i in range(3)]
    grid[1][1] = 5
    shared = [[0] * 2] * 2
    shared[0][0] = 1
    print(grid, shared)
    for bad in range(5):
        try:
            if bad == 0:
                print(a[100])
            elif bad == 1:
                print(a[-100])
            elif bad == 2:
              print(bad, "IndexError")
        except ValueError:
            print(bad, "ValueError")
    grow = [1, 2, 3]
    for x in grow:
        if x < 20:
            grow.append(x * 10)
    print(grow)
    strs = ["b", "a", "c"]
    strs.sort()
    fl = [2.5, -1.0, 0.0]
    fl.sort()
    print(strs, fl, sorted([3, 1, 2]), sorted(["z", "y"]), [x for x in reversed([1, 2, 3])])
    nums = list(range(5))
    print(nums, list(range(10, 0, -3)), list(range(0)), list("abc"))
    e = []
    print(len(e), e == [], not e, bool([0])== [], not e, bool([0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
