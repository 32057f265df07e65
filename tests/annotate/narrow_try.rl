# Narrowing by isinstance inside a try block: the flow graph splits the
# condition into a block per operation (each may raise), and the narrowing
# a test gives must follow the renamed variables into the block that
# switches on it — also through `and` — so `a.v` reads W_Int's field and
# the attribute stays on W_Int (not hoisted to Base)
class Base(object):
    pass


class W_Int(Base):
    def __init__(self, v):
        self.v = v


class W_Str(Base):
    def __init__(self, s):
        self.s = s


def add(a, b):
    try:
        if isinstance(a, W_Int) and isinstance(b, W_Int):
            return W_Int(a.v + b.v)
        assert isinstance(a, W_Str)
        return W_Str(a.s)
    except ValueError:
        return None


def main(argv):
    r = add(W_Int(1), W_Int(2))
    s = add(W_Str("x"), W_Int(2))
    if isinstance(r, W_Int) and isinstance(s, W_Str):
        print(r.v, s.s)
    return 0
