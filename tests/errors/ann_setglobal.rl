counter = 0


def bump():
    global counter
    counter = counter + 1


def main(argv):
    bump()
    return 0
