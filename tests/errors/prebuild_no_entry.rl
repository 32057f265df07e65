TABLE = [1, 2, 3]


def helper(x):
    return TABLE[x]
