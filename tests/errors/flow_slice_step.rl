def f(l):
    a = l[::2]
    l[1:5:2] = a
    b = l[0:2:1] + l[::None]
    return a + b
