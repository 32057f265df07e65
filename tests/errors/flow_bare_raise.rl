def f(x):
    if x:
        raise
    try:
        x()
    except ValueError:
        raise
    return x
