"""Graphs as dicts of lists: BFS shortest paths, iterative and recursive
DFS, topological sort (Kahn), connected components with union-find, cycle
detection, and Floyd-Warshall on a small weighted matrix."""
import sys

EDGES = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("f", "g"), ("e", "b")]


def build(edges, directed):
    g = {}
    for u, v in edges:
        if u not in g:
            g[u] = []
        if v not in g:
            g[v] = []
        g[u].append(v)
        if not directed:
            g[v].append(u)
    return g


def bfs(g, s):
    dist = {s: 0}
    order = [s]
    i = 0
    while i < len(order):
        u = order[i]
        i += 1
        for v in g[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                order.append(v)
    return dist


def dfs_rec(g, u, seen, out):
    seen[u] = True
    out.append(u)
    for v in g[u]:
        if v not in seen:
            dfs_rec(g, v, seen, out)


def dfs_iter(g, s):
    seen = {}
    out = []
    stack = [s]
    while stack:
        u = stack.pop()
        if u in seen:
            continue
        seen[u] = True
        out.append(u)
        nbrs = g[u][:]
        nbrs.reverse()
        for v in nbrs:
            if v not in seen:
                stack.append(v)
    return out


def topo(g):
    indeg = {}
    for u in g:
        indeg.setdefault(u, 0)
        for v in g[u]:
            indeg[v] = indeg.get(v, 0) + 1
    ready = sorted([u for u in indeg if indeg[u] == 0])
    out = []
    while ready:
        u = ready.pop(0)
        out.append(u)
        for v in g[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
                ready.sort()
    if len(out) != len(indeg):
        raise ValueError("cycle detected")
    return out


def find(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def components(n, pairs):
    parent = [i for i in range(n)]
    for a, b in pairs:
        ra = find(parent, a)
        rb = find(parent, b)
        if ra != rb:
            parent[ra] = rb
    groups = {}
    for i in range(n):
        groups.setdefault(find(parent, i), []).append(i)
    return [groups[k] for k in groups]


def floyd(w):
    n = len(w)
    d = [row[:] for row in w]
    for k in range(n):
        for i in range(n):
            for j in range(n):
                if d[i][k] + d[k][j] < d[i][j]:
                    d[i][j] = d[i][k] + d[k][j]
    return d


def main(argv):
    ug = build(EDGES, False)
    print(bfs(ug, "a"))
    out = []
    dfs_rec(ug, "a", {}, out)
    print(out, dfs_iter(ug, "a"))
    dg = build([("shirt", "tie"), ("tie", "jacket"), ("pants", "shoes"), ("pants", "belt"),
                ("belt", "jacket"), ("shirt", "belt"), ("socks", "shoes")], True)
    print(topo(dg))
    try:
        topo(build(EDGES, True))
    except ValueError as e:
        print("ValueError:", str(e))
    print(components(8, [(0, 1), (2, 3), (1, 3), (5, 6)]))
    INF = 1000000
    w = [[0, 3, INF, 7], [8, 0, 2, INF], [5, INF, 0, 1], [2, INF, INF, 0]]
    for row in floyd(w):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
