RUNS = 1
TABLE = {"a": 1}
import pbmod_b
B_SEEN = pbmod_b.VALUE


def scale(x, factor=10):
    return x * factor
