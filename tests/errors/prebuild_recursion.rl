def depth(n):
    return depth(n + 1) + 1


D = depth(0)


def main(argv):
    return D
