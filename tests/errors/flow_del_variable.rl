def f(d, o, k):
    x = 1
    del x
    del o.attr
    del d[k]
    return d
