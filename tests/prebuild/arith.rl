# Integer and float arithmetic at translation time (LANGUAGE.md "Numbers").
from rlib.rarithmetic import intmask, r_uint, ovfcheck, LONG_BIT

MAXINT = 2 ** 63 - 1
MININT = -MAXINT - 1


def wrap(x):
    return intmask(x)


r = []
r.append(7 // 2)
r.append(-7 // 2)
r.append(7 // -2)
r.append(-7 % 3)
r.append(7 % -3)
r.append(MININT % -1)
r.append(-5 >> 100)
r.append(5 >> 64)
r.append(3 ** 4)
r.append(7 / 2)
r.append(1 + 2.5)
r.append(-7.5 // 2)
r.append(-7.5 % 2)
r.append(7.0 % -3)
r.append(0.1 + 0.2)
r.append(str(1e16))
r.append(str(1.5e-05))
r.append(str(-0.0))
r.append(repr(100.0))
r.append(1e300 * 1e10)
r.append(~5)
r.append(6 & 3)
r.append(6 | 3)
r.append(6 ^ 3)
r.append(True + True)
r.append(True & True)
r.append(divmod(-7, 2))
r.append(round(2.5))
r.append(round(3.5))
r.append(round(2.675, 2))
r.append(int(-3.9))
r.append(int("  -42 "))
r.append(int("ff", 16))
r.append(float("1.5e3"))
r.append(LONG_BIT)
r.append(str(r_uint(-1)))
r.append(str(r_uint(3) - r_uint(5)))
r.append(str(r_uint(1) << 63))
r.append(intmask(r_uint(1) << 63) == MININT)
r.append(min(3, 1, 2))
r.append(max([1.5, 7, 2]))
r.append(sum([1, 2, 3]))
r.append(hash(7))
r.append(hash(-1))
r.append(1 == 1.0)
r.append(2 ** 53 + 1 == float(2 ** 53 + 1))
r.append(3 < 3.5)
r.append(sorted([3, 1, 2]))
errs = []
for a, b in [(1, 0), (1.5, 0.0)]:
    try:
        a // b
    except ZeroDivisionError:
        errs.append("zdiv")
try:
    1 << -1
except ValueError as e:
    errs.append(str(e))
try:
    ovfcheck(MAXINT + 1)
except OverflowError:
    errs.append("ovf")
errs.append(ovfcheck(MAXINT - 1 + 1) == MAXINT)
try:
    ovfcheck(-MININT)
except OverflowError:
    errs.append("ovf neg")
try:
    int("x1")
except ValueError as e:
    errs.append(str(e))
try:
    int(float("inf"))
except OverflowError as e:
    errs.append("inf")
r.append(errs)
