class Point(object):
    def __init__(self, x):
        self.x = x


def main(argv):
    print(Point(1))
    return 0
