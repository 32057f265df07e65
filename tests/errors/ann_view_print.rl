# printing a dict view: Python 3 prints dict_keys([...])
import sys


def show_var(d, n):
    if n > 5:
        ks = d.keys()
        print(ks)
    return 0


def show_str(d, n):
    if n > 5:
        s = str(d.items())
    return 0


def show_repr(d, n):
    if n > 5:
        s = repr(d.values())
    return 0


def show_fmt(d, n):
    if n > 5:
        s = "%s" % d.values()
    return 0


def show_nested(d, n):
    if n > 5:
        print([d.keys(), ["z"]])
    return 0


def show_exc(d, n):
    if n > 5:
        raise ValueError(d.keys())
    return 0


def main(argv):
    d = {"a": 1}
    show_var(d, len(argv))
    show_str(d, len(argv))
    show_repr(d, len(argv))
    show_fmt(d, len(argv))
    show_nested(d, len(argv))
    show_exc(d, len(argv))
    print(list(d.keys()), len(d.keys()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
