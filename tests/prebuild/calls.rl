# Defaults, keywords, calls of functions defined later, loops with else.
def f(a, b=2, c="x"):
    return (a, b, c)


def uses_later(n):
    return later(n) * 2


def later(n):
    return n + 1


def find(items, x):
    for i in items:
        if i == x:
            break
    else:
        return -1
    return x


def count_down(n):
    out = []
    while n > 0:
        n -= 1
        if n == 2:
            continue
        out.append(n)
    else:
        out.append("done")
    return out


def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


r = [f(1), f(1, c="y"), f(a=1, b=3, c=4), f(1, 2, 3), uses_later(4)]
r.append([find([1, 2, 3], 2), find([1, 2, 3], 5)])
r.append(count_down(5))
r.append(fact(20))
errs = []
try:
    f()
except TypeError as e:
    errs.append(str(e))
try:
    f(1, 2, 3, 4)
except TypeError as e:
    errs.append(str(e))
try:
    f(1, d=3)
except TypeError as e:
    errs.append(str(e))
try:
    f(1, a=3)
except TypeError as e:
    errs.append(str(e))
try:
    (5)(1)
except TypeError as e:
    errs.append(str(e))
r.append(errs)
