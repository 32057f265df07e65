def double(n):
    return n + n


def main(argv):
    double(21)
    double("ab")
    return 0
