def swap(a, b):
    a, b = b, a
    return a, b


def unpack(t):
    x, (y, z) = t
    p = q = x + y
    [m, n] = z
    return p + q + m + n


def targets(o, l):
    o.a, l[0] = l
    l[1:2] = [o]
    return o
