"""Built-in exceptions raised by operations and built-ins, caught by their
own class and by their bases (Python 3's hierarchy)."""
import sys
from rlib.rarithmetic import ovfcheck

MAXINT = 9223372036854775807


def classify(e):
    # the most specific class first
    if isinstance(e, ZeroDivisionError):
        return "ZeroDivisionError"
    if isinstance(e, OverflowError):
        return "OverflowError"
    if isinstance(e, ArithmeticError):
        return "ArithmeticError"
    if isinstance(e, IndexError):
        return "IndexError"
    if isinstance(e, KeyError):
        return "KeyError"
    if isinstance(e, LookupError):
        return "LookupError"
    if isinstance(e, NotImplementedError):
        return "NotImplementedError"
    if isinstance(e, RecursionError):
        return "RecursionError"
    if isinstance(e, RuntimeError):
        return "RuntimeError"
    if isinstance(e, ValueError):
        return "ValueError"
    if isinstance(e, TypeError):
        return "TypeError"
    if isinstance(e, AssertionError):
        return "AssertionError"
    if isinstance(e, OSError):
        return "OSError"
    if isinstance(e, MemoryError):
        return "MemoryError"
    if isinstance(e, StopIteration):
        return "StopIteration"
    return "Exception"


def do(case, n):
    lst = [1, 2, 3]
    d = {"a": 1}
    s = "abc"
    if case == 0:
        return n // 0
    if case == 1:
        return n % 0
    if case == 2:
        return int(1.0 / (n - n))
    if case == 3:
        return lst[n + 10]
    if case == 4:
        return lst[-n - 10]
    if case == 5:
        return d["zz"]
    if case == 6:
        return ord(s[n + 5])
    if case == 7:
        return int("12x")
    if case == 8:
        return ovfcheck(MAXINT + n)
    if case == 9:
        return ovfcheck(-MAXINT - 1 - n)
    if case == 10:
        return ovfcheck(MAXINT * (n + 1))
    if case == 11:
        return lst.pop(n + 10)
    if case == 12:
        return [0].index(n + 5)
    if case == 13:
        return ord(chr(256 + n))
    if case == 14:
        return 1 << (-n)
    if case == 15:
        return ovfcheck(-(-MAXINT - n))
    if case == 16:
        return int(float("inf"))
    if case == 17:
        return int(float("nan"))
    if case == 18:
        return {1: 2}.pop(n + 5)
    if case == 19:
        return len([].pop())
    if case == 20:
        raise NotImplementedError("not yet")
    if case == 21:
        raise RuntimeError("boom")
    if case == 22:
        raise TypeError("bad type")
    if case == 23:
        raise MemoryError
    if case == 24:
        raise StopIteration
    if case == 25:
        raise OSError("os")
    if case == 26:
        return int(float(n) % 0.0)
    if case == 27:
        return int(1e300 * 1e10)
    if case == 28:
        return int(" 1_000 ") + n
    if case == 29:
        return int("") + n
    return n


def main(argv):
    for case in range(31):
        try:
            r = do(case, 1)
            print(case, "returned", r)
        except LookupError as e:
            print(case, "LookupError branch:", classify(e))
        except ArithmeticError as e:
            print(case, "ArithmeticError branch:", classify(e))
        except Exception as e:
            print(case, "Exception branch:", classify(e))
    # str(e) of exceptions the program creates itself
    try:
        raise ValueError("a message")
    except ValueError as e:
        print("message: %r" % str(e))
    try:
        raise ValueError
    except ValueError as e:
        print("no message: %r" % str(e))
    try:
        d = {"key": 1}
        print(d["missing"])
    except KeyError as e:
        print("KeyError str: %s" % str(e))
    try:
        d2 = {5: "x"}
        print(d2[7])
    except KeyError as e:
        print("KeyError int key: %s" % str(e))
    try:
        raise KeyError("k")
    except LookupError as e:
        print("caught KeyError as LookupError:", str(e))
    # catching tuples of classes
    for case in [0, 3, 7, 20]:
        try:
            do(case, 2)
        except (IndexError, ZeroDivisionError):
            print(case, "tuple 1")
        except (ValueError, NotImplementedError):
            print(case, "tuple 2")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
