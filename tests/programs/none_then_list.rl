"""An attribute that is None until a method makes it a list, used by
item (read, write, delete, iteration) in code the annotator reaches while
the attribute is still only None: it waits, and is typed once the list
assignment is seen (a lazily made list, as the Lua interpreter's tables
keep their string-keyed values)."""
import sys


class Table(object):
    def __init__(self):
        self.vals = None
        self.n = 0

    def put(self, i, v):
        if i < self.n:
            self.vals[i] = v
            return
        vals = self.vals
        if vals is None:
            self.vals = [v]
        else:
            vals.append(v)
        self.n += 1

    def get(self, i):
        if i < self.n:
            return self.vals[i]
        return "-"

    def drop_last(self):
        if self.n > 0:
            del self.vals[self.n - 1]
            self.n -= 1

    def joined(self):
        out = []
        if self.n > 0:
            for v in self.vals:
                out.append(v)
        return ",".join(out)


def main(argv):
    t = Table()
    print(t.get(0), t.joined())
    t.put(0, "a")
    t.put(1, "b")
    t.put(0, "c")
    print(t.get(0), t.get(1), t.get(2), t.joined())
    t.drop_last()
    print(t.n, t.joined())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
