def squares(items):
    return [x * x for x in items]


def filtered(items, limit):
    return [x for x in items if x > 0 if x < limit]


def pairs(a, b):
    x = 0
    return [(x, y) for x in a for y in b if x != y]
