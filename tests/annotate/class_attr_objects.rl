# Class attributes holding objects built by the class body (a dict, a
# list, a tuple, an instance): their types come from the prebuilt values.
import sys


class Unit(object):
    def __init__(self, name):
        self.name = name


class Registry(object):
    counts = {"made": 0}
    names = ["a", "b"]
    pair = (1, "one")
    default = Unit("m")

    def __init__(self):
        Registry.counts["made"] += 1
        Registry.names.append("x")


def main(argv):
    Registry()
    return Registry.counts["made"] + len(Registry.names) + Registry.pair[0] + len(Registry.default.name)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
