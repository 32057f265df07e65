"""micro: object allocation: a binary tree built and walked, short-lived
vectors with methods."""
import sys


class Node(object):
    def __init__(self, left, right):
        self.left = left
        self.right = right


def make(depth):
    if depth == 0:
        return Node(None, None)
    return Node(make(depth - 1), make(depth - 1))


def count(node):
    if node.left is None:
        return 1
    return 1 + count(node.left) + count(node.right)


class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)


def vectors(n):
    v = Vec(0, 0)
    for i in range(n):
        v = v.add(Vec(i, -i).scale(2))
    return v.x - v.y


def main(argv):
    depth = 19
    if len(argv) > 1:
        depth = int(argv[1])
    total = 0
    for r in range(4):
        total += count(make(depth))
    print("nodes %d" % total)
    print("vectors %d" % vectors(2000000))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
