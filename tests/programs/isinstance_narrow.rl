"""isinstance narrowing in if/elif/while/assert, over a class hierarchy of
AST nodes: a pretty-printer and evaluator dispatching with isinstance,
narrowing of a nullable instance by `is not None`, and the union of two
instance types being their common base."""
import sys


class Expr(object):
    pass


class Lit(Expr):
    def __init__(self, v):
        self.v = v


class Add(Expr):
    def __init__(self, l, r):
        self.l = l
        self.r = r


class Mul(Expr):
    def __init__(self, l, r):
        self.l = l
        self.r = r


class Neg(Expr):
    def __init__(self, e):
        self.e = e


def show(e):
    if isinstance(e, Lit):
        return str(e.v)
    elif isinstance(e, Add):
        return "(" + show(e.l) + " + " + show(e.r) + ")"
    elif isinstance(e, Mul):
        return show(e.l) + " * " + show(e.r)
    elif isinstance(e, Neg):
        return "-" + show(e.e)
    return "?"


def evaluate(e):
    if isinstance(e, Lit):
        return e.v
    if isinstance(e, Add):
        return evaluate(e.l) + evaluate(e.r)
    if isinstance(e, Mul):
        return evaluate(e.l) * evaluate(e.r)
    assert isinstance(e, Neg)
    return -evaluate(e.e)


def leftmost(e):
    while not isinstance(e, Lit):
        if isinstance(e, Add):
            e = e.l
        elif isinstance(e, Mul):
            e = e.l
        elif isinstance(e, Neg):
            e = e.e
        else:
            return -1
    return e.v


def find_lit(es, v):
    for e in es:
        if isinstance(e, Lit) and e.v == v:
            return e
    return None


def main(argv):
    tree = Add(Mul(Lit(3), Neg(Lit(4))), Add(Lit(5), Lit(6)))
    print(show(tree), "=", evaluate(tree), "leftmost", leftmost(tree))
    nodes = [tree, Lit(7), Neg(Lit(1)), Lit(9)]
    print([show(n) for n in nodes], [evaluate(n) for n in nodes])
    found = find_lit(nodes, 9)
    if found is not None:
        print("found", found.v)
    missing = find_lit(nodes, 100)
    print("missing is None:", missing is None)
    pick = Lit(1) if len(argv) > 5 else Neg(Lit(2))
    print(show(pick), isinstance(pick, Expr), isinstance(pick, Lit), isinstance(pick, Neg))
    counts = {}
    for n in [tree, tree.l, tree.r, Lit(0)]:
        k = "lit" if isinstance(n, Lit) else "add" if isinstance(n, Add) else "other"
        counts[k] = counts.get(k, 0) + 1
    print(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
