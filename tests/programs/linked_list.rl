"""Singly and doubly linked lists: push, reverse, merge of sorted lists,
merge sort of a linked list, cycle detection, an LRU cache with a doubly
linked list and a dict."""
import sys


class Cell(object):
    def __init__(self, val, nxt):
        self.val = val
        self.next = nxt


def from_list(xs):
    head = None
    i = len(xs) - 1
    while i >= 0:
        head = Cell(xs[i], head)
        i -= 1
    return head


def to_list(head):
    out = []
    while head is not None:
        out.append(head.val)
        head = head.next
    return out


def reverse(head):
    prev = None
    while head is not None:
        nxt = head.next
        head.next = prev
        prev = head
        head = nxt
    return prev


def merge(a, b):
    dummy = Cell(0, None)
    tail = dummy
    while a is not None and b is not None:
        if a.val <= b.val:
            tail.next = a
            a = a.next
        else:
            tail.next = b
            b = b.next
        tail = tail.next
    tail.next = a if a is not None else b
    return dummy.next


def length(head):
    n = 0
    while head is not None:
        n += 1
        head = head.next
    return n


def sort(head):
    if head is None or head.next is None:
        return head
    slow = head
    fast = head.next
    while fast is not None and fast.next is not None:
        slow = slow.next
        fast = fast.next.next
    second = slow.next
    slow.next = None
    return merge(sort(head), sort(second))


def has_cycle(head):
    slow = head
    fast = head
    while fast is not None and fast.next is not None:
        slow = slow.next
        fast = fast.next.next
        if slow is fast:
            return True
    return False


class DNode(object):
    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.prev = None
        self.next = None


class LRU(object):
    def __init__(self, capacity):
        self.capacity = capacity
        self.map = {}
        self.head = DNode("", 0)
        self.tail = DNode("", 0)
        self.head.next = self.tail
        self.tail.prev = self.head
        self.evicted = []

    def _unlink(self, n):
        p = n.prev
        q = n.next
        assert p is not None and q is not None
        p.next = q
        q.prev = p

    def _push_front(self, n):
        first = self.head.next
        assert first is not None
        n.next = first
        n.prev = self.head
        first.prev = n
        self.head.next = n

    def get(self, key):
        if key not in self.map:
            return -1
        n = self.map[key]
        self._unlink(n)
        self._push_front(n)
        return n.value

    def put(self, key, value):
        if key in self.map:
            n = self.map[key]
            n.value = value
            self._unlink(n)
            self._push_front(n)
            return
        if len(self.map) == self.capacity:
            last = self.tail.prev
            assert last is not None
            self._unlink(last)
            del self.map[last.key]
            self.evicted.append(last.key)
        n = DNode(key, value)
        self.map[key] = n
        self._push_front(n)

    def keys(self):
        out = []
        n = self.head.next
        while n is not None and n is not self.tail:
            out.append(n.key)
            n = n.next
        return out


def main(argv):
    a = from_list([1, 4, 6, 9, 12])
    b = from_list([2, 3, 7, 10, 11, 13, 20])
    print(to_list(a), to_list(b))
    m = merge(a, b)
    print("merged", to_list(m), "length", length(m))
    r = reverse(m)
    print("reversed", to_list(r))
    print("reverse empty", to_list(reverse(None)))
    data = [(i * 37 + 11) % 101 for i in range(40)]
    s = sort(from_list(data))
    print("sorted", to_list(s) == sorted(data), to_list(s)[:10])
    c = from_list([1, 2, 3, 4, 5])
    print("cycle?", has_cycle(c))
    last = c
    while last.next is not None:
        last = last.next
    last.next = c.next.next
    print("cycle after linking?", has_cycle(c))
    lru = LRU(3)
    lru.put("a", 1)
    lru.put("b", 2)
    lru.put("c", 3)
    print(lru.keys(), lru.get("a"))
    lru.put("d", 4)
    print(lru.keys(), "evicted", lru.evicted)
    print("get b", lru.get("b"), "get c", lru.get("c"))
    lru.put("a", 10)
    lru.put("e", 5)
    print(lru.keys(), "evicted", lru.evicted, "a =", lru.get("a"))
    big = None
    for i in range(100000):
        big = Cell(i, big)
    print("100000 cells, length", length(big), "first", big.val if big is not None else -1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
