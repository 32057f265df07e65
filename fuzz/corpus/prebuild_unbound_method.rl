# a method of str called through the type needs its receiver (a fuzz crash)
X = str.isalnum()


def main(argv):
    return 0
