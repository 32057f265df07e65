"""Helper module (no __main__ block) imported by import_helper.rl: functions,
a class, module-level constants and a prebuilt table built by a loop."""

GREETING = "hi from lib_util"
POWERS = []
for _k in range(8):
    POWERS.append(1 << _k)
CALLS = [0]


def clamp(x, lo, hi):
    CALLS[0] += 1
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


def words(s):
    return [w for w in s.split() if w]


class Counter(object):
    def __init__(self, start):
        self.n = start

    def tick(self, by=1):
        self.n += by
        return self.n


class UtilError(Exception):
    pass


def must_be_positive(n):
    if n <= 0:
        raise UtilError("not positive: %d" % n)
    return n
