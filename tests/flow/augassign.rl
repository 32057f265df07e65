def aug(o, l, d, k, x):
    x += 1
    x -= 2
    x *= 3
    x //= 4
    x %= 5
    x <<= 1
    x |= 8
    o.count += x
    l[k] *= 2
    d[o.key] -= 1
    l[1:3] += [x]
    del l[k]
    del l[1:]
    del d[k], l[0]
    return x
