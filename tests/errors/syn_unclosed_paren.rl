def main(argv):
    x = (1 +
    return 0
