def values(a, b, c):
    x = a and b
    y = a or b or c
    z = not a
    w = a < b < c
    v = a if b else c
    return x, y, z, w, v


def conditions(a, b, c):
    if a and (b or not c):
        return 1
    while a < b <= c:
        a += 1
    if a is None or b is not None:
        return 2
    if a in c and b not in c:
        return 3
    return 4 if a == b else 5
