def f(a, b):
    return a + b


def main(argv):
    return f(1, 2, 3)
