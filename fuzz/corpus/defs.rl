def f(a, b=1, *args, **kw):
    x, y = a, b
    x += y
    return [i * 2 for i in range(x) if i % 2]
