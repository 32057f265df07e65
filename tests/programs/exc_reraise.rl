"""Re-raising: bare `raise` in an except block, raising a different
exception from a handler, exceptions crossing several function calls and
methods, cleanup on the way up, and counting frames unwound."""
import sys

TRACE = []


class Depth(Exception):
    def __init__(self, level):
        Exception.__init__(self, "level %d" % level)
        self.level = level


class Wrapped(Exception):
    def __init__(self, msg, inner_msg):
        Exception.__init__(self, msg)
        self.inner_msg = inner_msg


def leaf(n):
    TRACE.append("leaf%d" % n)
    if n == 0:
        raise Depth(0)
    return n


def middle(n, depth):
    if depth == 0:
        return leaf(n)
    try:
        return middle(n, depth - 1)
    finally:
        TRACE.append("unwind%d" % depth)


def reraiser(n):
    try:
        return middle(n, 3)
    except Depth as e:
        TRACE.append("saw " + str(e))
        raise


def translator(n):
    try:
        return reraiser(n)
    except Depth as e:
        raise Wrapped("wrapped", str(e))


def selective(kind):
    try:
        if kind == 0:
            raise KeyError("a")
        if kind == 1:
            raise IndexError("b")
        return "ok"
    except LookupError as e:
        if isinstance(e, KeyError):
            return "handled KeyError"
        raise


class Resource(object):
    def __init__(self, name):
        self.name = name
        self.open = False

    def use(self, fail):
        self.open = True
        try:
            if fail:
                raise ValueError(self.name + " failed")
            return self.name + " used"
        finally:
            self.open = False


def main(argv):
    print(translator(5), TRACE)
    del TRACE[:]
    try:
        translator(0)
    except Wrapped as w:
        print("Wrapped:", str(w), "| inner:", w.inner_msg)
    print(TRACE)
    for kind in range(3):
        try:
            print(selective(kind))
        except IndexError as e:
            print("re-raised IndexError:", str(e))
    r = Resource("db")
    print(r.use(False), r.open)
    try:
        r.use(True)
    except ValueError as e:
        print("caught:", str(e), "open:", r.open)
    # re-raise inside nested handlers keeps the innermost exception
    try:
        try:
            raise Depth(7)
        except Depth:
            try:
                raise KeyError("inner")
            except KeyError:
                pass
            raise
    except Depth as e:
        print("outer sees Depth", e.level)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
