from rlib.objectmodel import specialize
from rlib.rstring import StringBuilder


@specialize.argtype(0)
def show(x):
    return "<%s>" % (x,)


def pairs(d):
    out = StringBuilder()
    for k, v in d.items():
        out.append(k)
        out.append("=%d " % v)
    return out.build()


def main(argv):
    d = {}
    for i, a in enumerate(argv):
        d[a] = i
    print(show(1), show("s"), show(2.5), pairs(d))
    words = "a b c".split()
    for w, n in zip(words, [1, 2, 3]):
        if w in d and d.get(w, 0) > n:
            return 1
    return 0
