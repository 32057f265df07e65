"""A prebuilt object graph: a class hierarchy of prebuilt instances that
refer to each other (including a cycle), shared between lists and dicts,
with class attributes and immutable fields; changed at run time."""
import sys


class Unit(object):
    _immutable_fields_ = ["name", "factor"]
    kind = "unit"

    def __init__(self, name, factor):
        self.name = name
        self.factor = factor

    def describe(self):
        return "%s(%s x%s)" % (self.kind, self.name, self.factor)


class Length(Unit):
    kind = "length"


class Mass(Unit):
    kind = "mass"


class Node(object):
    def __init__(self, label):
        self.label = label
        self.next = None
        self.visits = 0


METER = Length("m", 1.0)
UNITS = [METER, Length("km", 1000.0), Length("mm", 0.001), Mass("kg", 1.0), Mass("g", 0.001)]
BY_NAME = {}
for _u in UNITS:
    BY_NAME[_u.name] = _u

# a cycle of nodes
RING = [Node("n%d" % i) for i in range(4)]
for _i in range(4):
    RING[_i].next = RING[(_i + 1) % 4]
START = RING[0]


def convert(value, src, dst):
    a = BY_NAME[src]
    b = BY_NAME[dst]
    if a.kind != b.kind:
        raise ValueError("cannot convert %s to %s" % (a.kind, b.kind))
    return value * a.factor / b.factor


def walk(start, steps):
    n = start
    labels = []
    for k in range(steps):
        labels.append(n.label)
        n.visits += 1
        nxt = n.next
        assert nxt is not None
        n = nxt
    return labels


def main(argv):
    for u in UNITS:
        print(u.describe())
    print(BY_NAME["km"] is UNITS[1], METER is BY_NAME["m"])
    print(convert(2.5, "km", "m"), convert(1500.0, "g", "kg"), convert(3.0, "mm", "km"))
    try:
        convert(1.0, "m", "kg")
    except ValueError as e:
        print("ValueError:", str(e))
    print(walk(START, 10))
    print([n.visits for n in RING])
    RING[2].next = RING[0]
    print(walk(START, 7))
    print([n.visits for n in RING])
    BY_NAME["mile"] = Length("mile", 1609.344)
    UNITS.append(BY_NAME["mile"])
    print(convert(1.0, "mile", "km"), len(UNITS), UNITS[-1].describe())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
