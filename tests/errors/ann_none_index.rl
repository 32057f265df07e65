class Box(object):
    def __init__(self):
        self.items = None

    def first(self):
        return self.items[0]


def main(argv):
    print(Box().first())
    return 0
