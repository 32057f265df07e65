"""A binary min-heap priority queue of (priority, name) entries kept in two
parallel lists, heap sort with it, Dijkstra's shortest paths and a k-way
merge of sorted lists."""
import sys


class Heap(object):
    def __init__(self):
        self.prio = []
        self.item = []

    def size(self):
        return len(self.prio)

    def _swap(self, i, j):
        self.prio[i], self.prio[j] = self.prio[j], self.prio[i]
        self.item[i], self.item[j] = self.item[j], self.item[i]

    def _less(self, i, j):
        if self.prio[i] != self.prio[j]:
            return self.prio[i] < self.prio[j]
        return self.item[i] < self.item[j]

    def push(self, p, name):
        self.prio.append(p)
        self.item.append(name)
        i = len(self.prio) - 1
        while i > 0:
            parent = (i - 1) // 2
            if self._less(i, parent):
                self._swap(i, parent)
                i = parent
            else:
                break

    def pop(self):
        if not self.prio:
            raise IndexError("pop from an empty heap")
        p = self.prio[0]
        name = self.item[0]
        last = len(self.prio) - 1
        self._swap(0, last)
        self.prio.pop()
        self.item.pop()
        i = 0
        n = len(self.prio)
        while True:
            l = 2 * i + 1
            r = l + 1
            m = i
            if l < n and self._less(l, m):
                m = l
            if r < n and self._less(r, m):
                m = r
            if m == i:
                break
            self._swap(i, m)
            i = m
        return p, name


def dijkstra(graph, source):
    dist = {source: 0}
    done = {}
    h = Heap()
    h.push(0, source)
    while h.size() > 0:
        d, u = h.pop()
        if u in done:
            continue
        done[u] = True
        for v, w in graph[u]:
            nd = d + w
            if v not in dist or nd < dist[v]:
                dist[v] = nd
                h.push(nd, v)
    return dist


def kway_merge(lists):
    h = Heap()
    pos = [0] * len(lists)
    for i in range(len(lists)):
        if lists[i]:
            h.push(lists[i][0], str(i))
    out = []
    while h.size():
        v, src = h.pop()
        i = int(src)
        out.append(v)
        pos[i] += 1
        if pos[i] < len(lists[i]):
            h.push(lists[i][pos[i]], src)
    return out


def main(argv):
    h = Heap()
    for p, name in [(5, "write"), (1, "wake"), (3, "eat"), (1, "alarm"), (4, "read"), (2, "shower"), (5, "sleep")]:
        h.push(p, name)
    order = []
    while h.size() > 0:
        p, name = h.pop()
        order.append("%d:%s" % (p, name))
    print(" ".join(order))
    try:
        h.pop()
    except IndexError as e:
        print("IndexError:", str(e))
    graph = {
        "A": [("B", 7), ("C", 9), ("F", 14)],
        "B": [("A", 7), ("C", 10), ("D", 15)],
        "C": [("A", 9), ("B", 10), ("D", 11), ("F", 2)],
        "D": [("B", 15), ("C", 11), ("E", 6)],
        "E": [("D", 6), ("F", 9)],
        "F": [("A", 14), ("C", 2), ("E", 9)],
        "G": [],
    }
    dist = dijkstra(graph, "A")
    for k in sorted(graph.keys()):
        print(k, dist.get(k, -1))
    print(kway_merge([[1, 4, 9], [2, 3, 10, 11], [], [0, 5, 6, 7, 8]]))
    h2 = Heap()
    x = 12345
    for i in range(2000):
        x = (x * 1103515245 + 12345) % 2147483648
        h2.push(x % 10000, "n")
    prev = -1
    ok = True
    while h2.size() > 0:
        p, name = h2.pop()
        if p < prev:
            ok = False
        prev = p
    print("2000 pops in order:", ok, "last", prev)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
