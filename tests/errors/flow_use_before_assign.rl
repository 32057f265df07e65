def f(c):
    if c:
        y = 1
    print(y)
    print(z)
    z = 2
    return 0


def g(items):
    for i in items:
        if i:
            last = i
    return last
