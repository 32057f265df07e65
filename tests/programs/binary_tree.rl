"""Binary search trees with classes: insert, search, delete, traversals,
height, a balanced build from a sorted list, an AVL tree with rotations."""
import sys


class Node(object):
    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.left = None
        self.right = None


class BST(object):
    def __init__(self):
        self.root = None
        self.size = 0

    def insert(self, key, value):
        if self.root is None:
            self.root = Node(key, value)
            self.size += 1
            return
        n = self.root
        while True:
            if key == n.key:
                n.value = value
                return
            if key < n.key:
                if n.left is None:
                    n.left = Node(key, value)
                    self.size += 1
                    return
                n = n.left
            else:
                if n.right is None:
                    n.right = Node(key, value)
                    self.size += 1
                    return
                n = n.right

    def find(self, key):
        n = self.root
        while n is not None:
            if key == n.key:
                return n.value
            n = n.left if key < n.key else n.right
        raise KeyError(key)

    def delete(self, key):
        self.root = self._delete(self.root, key)

    def _delete(self, n, key):
        if n is None:
            raise KeyError(key)
        if key < n.key:
            n.left = self._delete(n.left, key)
        elif key > n.key:
            n.right = self._delete(n.right, key)
        else:
            self.size -= 1
            if n.left is None:
                return n.right
            if n.right is None:
                return n.left
            m = n.right
            while m.left is not None:
                m = m.left
            n.key = m.key
            n.value = m.value
            self.size += 1
            n.right = self._delete(n.right, m.key)
        return n


def inorder(n, out):
    if n is None:
        return
    inorder(n.left, out)
    out.append(n.key)
    inorder(n.right, out)


def preorder(n, out):
    if n is not None:
        out.append(n.key)
        preorder(n.left, out)
        preorder(n.right, out)


def level_order(root):
    out = []
    if root is None:
        return out
    queue = [root]
    while queue:
        n = queue.pop(0)
        out.append(n.key)
        if n.left is not None:
            queue.append(n.left)
        if n.right is not None:
            queue.append(n.right)
    return out


def height(n):
    if n is None:
        return 0
    return 1 + max(height(n.left), height(n.right))


class WordNode(object):
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None


def word_preorder(n, out):
    if n is not None:
        out.append(n.key)
        word_preorder(n.left, out)
        word_preorder(n.right, out)


def word_height(n):
    if n is None:
        return 0
    return 1 + max(word_height(n.left), word_height(n.right))


def build_balanced(keys, lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    n = WordNode(keys[mid])
    n.left = build_balanced(keys, lo, mid)
    n.right = build_balanced(keys, mid + 1, hi)
    return n


class AVLNode(object):
    def __init__(self, key):
        self.key = key
        self.h = 1
        self.left = None
        self.right = None


def h(n):
    return 0 if n is None else n.h


def fix(n):
    n.h = 1 + max(h(n.left), h(n.right))


def rot_right(y):
    x = y.left
    assert x is not None
    y.left = x.right
    x.right = y
    fix(y)
    fix(x)
    return x


def rot_left(x):
    y = x.right
    assert y is not None
    x.right = y.left
    y.left = x
    fix(x)
    fix(y)
    return y


def avl_insert(n, key):
    if n is None:
        return AVLNode(key)
    if key < n.key:
        n.left = avl_insert(n.left, key)
    else:
        n.right = avl_insert(n.right, key)
    fix(n)
    bal = h(n.left) - h(n.right)
    if bal > 1:
        l = n.left
        assert l is not None
        if key >= l.key:
            n.left = rot_left(l)
        return rot_right(n)
    if bal < -1:
        r = n.right
        assert r is not None
        if key < r.key:
            n.right = rot_right(r)
        return rot_left(n)
    return n


def avl_inorder(n, out):
    if n is not None:
        avl_inorder(n.left, out)
        out.append(n.key)
        avl_inorder(n.right, out)


def main(argv):
    t = BST()
    for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30]:
        t.insert(k, k * 10)
    out = []
    inorder(t.root, out)
    print("inorder", out, "size", t.size, "height", height(t.root))
    pre = []
    preorder(t.root, pre)
    print("preorder", pre)
    print("levels", level_order(t.root))
    print("find 45 ->", t.find(45))
    try:
        t.find(99)
    except KeyError as e:
        print("KeyError:", str(e))
    for k in [20, 30, 50]:
        t.delete(k)
        out = []
        inorder(t.root, out)
        print("delete %d -> %s levels %s" % (k, out, level_order(t.root)))
    try:
        t.delete(1000)
    except KeyError:
        print("cannot delete 1000; size still", t.size)
    words = sorted("one two three four five six seven eight nine ten eleven twelve".split())
    bal = build_balanced(words, 0, len(words))
    pre = []
    word_preorder(bal, pre)
    print("balanced", pre, "height", word_height(bal))
    root = None
    for k in range(1, 1001):
        root = avl_insert(root, k)
    keys = []
    avl_inorder(root, keys)
    print("avl: 1000 ascending keys, height", h(root), "sorted", keys == [k for k in range(1, 1001)])
    degenerate = BST()
    for k in range(300):
        degenerate.insert(k, k)
    print("degenerate height", height(degenerate.root))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
