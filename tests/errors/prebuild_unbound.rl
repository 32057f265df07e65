DEBUG = False
if DEBUG:
    LEVEL = 3


def unused():
    return LEVEL


def level():
    return LEVEL + 1


def main(argv):
    return level()
