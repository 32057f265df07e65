"""str(e) of the exceptions the runtime raises, as CPython 3.11 words them:
division by zero of ints and floats, list.index/remove of a missing item,
del of a list item out of range, KeyError of bool and long str keys."""
import sys


def divide(k, n, z, zf):
    if k == 0:
        return str(n // z)
    elif k == 1:
        return str(n % z)
    elif k == 2:
        return str(n / z)
    elif k == 3:
        return str(1.0 / zf)
    elif k == 4:
        return str(1.0 // zf)
    elif k == 5:
        return str(1.0 % zf)
    elif k == 6:
        return str(divmod(n, z))
    elif k == 7:
        return str(n / zf)
    return str(True / z)


def lookups(k, n):
    fl = [1.5, 2.0]
    bl = [True, True]
    sl = ["x", None]
    tl = [(1, "a")]
    if k == 0:
        return fl.index(0.5 * n)
    elif k == 1:
        return bl.index(n > 5)
    elif k == 2:
        return sl.index("it's")
    elif k == 3:
        sl.pop()
        return sl.index(None)
    elif k == 4:
        return tl.index((1, "b" * n))
    elif k == 5:
        return [[1]].index([n + 1])
    elif k == 6:
        sl.remove("nope")
    return 0


def main(argv):
    n = len(argv)
    for k in range(9):
        try:
            print(divide(k, n, 0 * n, 0.0 * n))
        except ZeroDivisionError as e:
            print(k, "ZeroDivisionError:", str(e))
    for k in range(7):
        try:
            print(lookups(k, n))
        except ValueError as e:
            print(k, "ValueError:", str(e))
    l = [1, 2]
    for i in [5, -3]:
        try:
            del l[i]
        except IndexError as e:
            print("IndexError:", str(e))
    e0 = []
    try:
        del e0[0]
    except IndexError as e:
        print("IndexError:", str(e))
    try:
        e0.pop()
    except IndexError as e:
        print("IndexError:", str(e))
    b = {n > 5: 1}
    d = {"a": 1}
    try:
        print(b[True])
    except KeyError as e:
        print("KeyError:", str(e))
    try:
        print(d["x" * 300 + "'"])
    except KeyError as e:
        print("KeyError:", str(e))
    print(b, b.get(True, 7), False in b, l)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
