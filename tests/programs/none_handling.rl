"""None: nullable strs, lists, dicts and instances (never ints), functions
returning None or a value, default arguments of None, `is None` tests,
dict.get with None default for reference values, and optional chaining by
hand."""
import sys


class Person(object):
    def __init__(self, name, boss):
        self.name = name
        self.boss = boss
        self.nickname = None


def find(people, name):
    for p in people:
        if p.name == name:
            return p
    return None


def chain(p):
    names = []
    cur = p
    while cur is not None:
        names.append(cur.name)
        cur = cur.boss
    return names


def greet(name, greeting=None):
    if greeting is None:
        greeting = "Hello"
    return greeting + ", " + name


def maybe_list(n):
    if n < 0:
        return None
    return [i for i in range(n)]


def first_word(s):
    if s is None:
        return None
    words = s.split()
    if not words:
        return None
    return words[0]


def main(argv):
    ceo = Person("Ada", None)
    cto = Person("Bob", ceo)
    dev = Person("Cy", cto)
    people = [ceo, cto, dev]
    dev.nickname = "cyborg"
    for name in ["Cy", "Bob", "Zed"]:
        p = find(people, name)
        if p is None:
            print(name, "not found")
        else:
            nick = p.nickname if p.nickname is not None else "-"
            print(name, chain(p), nick)
    print(greet("world"), greet("you", "Hi"), greet("x", greeting=None))
    for n in [-1, 0, 3]:
        lst = maybe_list(n)
        if lst is None:
            print(n, "-> None")
        else:
            print(n, "->", lst, len(lst))
    for s in ["hello world", "", "   ", "one"]:
        w = first_word(s)
        print(repr(s), repr(w), w is None)
    print(repr(first_word(None)))
    table = {"a": [1], "b": [2, 3]}
    for k in ["a", "c"]:
        v = table.get(k, None)
        print(k, v, v is None)
    d = None
    if len(argv) > 10:
        d = {"x": 1}
    print(d is None, d)
    x = None
    print(x, str(x), repr(x), [x], x == None, None is None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
