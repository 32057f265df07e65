X = "a" * (2**31 + 10)


def main(argv):
    print(len(X))
    return 0
