def lookup(table, key):
    return table[key]


def build():
    names = {"a": 1}
    return lookup(names, "b")


TABLE = build()


def main(argv):
    return 0
