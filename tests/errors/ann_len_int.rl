def main(argv):
    n = 5
    return len(n)
