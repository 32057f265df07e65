"""ZeroDivisionError and IndexError raised by the operations themselves
(int // % divmod, float / // %, list and str indexing, pop, insert-free
slicing that never raises) and caught at several levels: by the exact
class, by ArithmeticError / LookupError, by Exception, with `as e` and
str(e) for the messages RL fixes, in loops that continue afterwards."""
import sys


def safe_div(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        return -1


def fdiv(x, y):
    try:
        return x / y
    except ZeroDivisionError:
        return float(0)


def nth(xs, i):
    try:
        return xs[i]
    except IndexError:
        return -999


def char_at(s, i):
    try:
        return s[i]
    except IndexError:
        return "?"


def classify(k, xs, d):
    try:
        if k == 0:
            return str(10 // d)
        if k == 1:
            return str(10 % d)
        if k == 2:
            return str(1.0 / d)
        if k == 3:
            return str(xs[d * 10])
        if k == 4:
            return str(divmod(7, d))
        return str(xs.pop())
    except ArithmeticError:
        return "arith"
    except LookupError:
        return "lookup"


def main(argv):
    print([safe_div(17, b) for b in [5, -5, 0, 3, 0, -1]])
    print([fdiv(1.0, y) for y in [4.0, 0.0, -0.0, 0.5]])
    xs = [10, 20, 30]
    print([nth(xs, i) for i in [0, 2, 3, -1, -3, -4, 100]])
    print([char_at("abc", i) for i in [0, 3, -4, -1]])
    for d in [0, 2]:
        print(d, [classify(k, [1, 2, 3], d) for k in range(5)])
    empty = []
    print(classify(5, empty, 1), classify(5, [7], 1))
    try:
        print(xs[3])
    except IndexError as e:
        print("IndexError:", str(e))
    try:
        print(5 % 0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", isinstance(e, ArithmeticError))
    try:
        print(5.0 // 0.0)
    except ZeroDivisionError:
        print("float floor division by zero")
    try:
        print(5.5 % 0.0)
    except Exception as e:
        print("caught by Exception:", isinstance(e, ZeroDivisionError))
    try:
        empty.pop()
    except IndexError:
        print("pop from empty list")
    try:
        "abc"[5]
    except LookupError:
        print("str index out of range")
    total = 0
    for i in range(-5, 6):
        try:
            total += 100 // i
        except ZeroDivisionError:
            total += 1000
    print("total", total)
    print(xs[1:100], xs[-100:1], "abc"[2:1], "abc"[-10:10])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
