def sign(x):
    if x > 0:
        s = 1
    elif x < 0:
        s = -1
    else:
        s = 0
    return s


def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        x = hi
    return x


def nested(a, b):
    r = 0
    if a:
        if b:
            r = 1
        else:
            r = 2
    return r
