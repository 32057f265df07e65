def f(l):
    a = l[::2]
    l[1:5:2] = a
    return a
