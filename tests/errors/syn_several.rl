def f(:
    pass
def g():
    return 1 +
def h():
    x = [1, 2
    return x
