class Node(object):
    def __init__(self):
        self.count = 0

    def rename(self):
        self.count = "many"


def main(argv):
    n = Node()
    n.rename()
    return 0
