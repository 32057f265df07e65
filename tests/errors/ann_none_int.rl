def find(xs, x):
    for i in range(len(xs)):
        if xs[i] == x:
            return i
    return None


def main(argv):
    find(argv, "a")
    return 0
