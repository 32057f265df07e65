"""User exception classes with inheritance: extra fields, messages through
Base.__init__ and super().__init__, catching by base class, isinstance on
the caught value, methods on exceptions, and exceptions as ordinary
instances (created, stored, raised later)."""
import sys


class AppError(Exception):
    def __init__(self, msg, code):
        Exception.__init__(self, msg)
        self.code = code

    def describe(self):
        return "AppError(%d)" % self.code


class ParseError(AppError):
    def __init__(self, msg, line):
        AppError.__init__(self, msg, 2)
        self.line = line

    def describe(self):
        return "ParseError at line %d" % self.line


class LexError(ParseError):
    def __init__(self, msg, line, col):
        super().__init__(msg, line)
        self.col = col

    def describe(self):
        return "LexError at %d:%d" % (self.line, self.col)


class NetError(AppError):
    pass


class Timeout(NetError):
    def __init__(self, seconds):
        NetError.__init__(self, "timed out after %ds" % seconds, 5)
        self.seconds = seconds


class Plain(Exception):
    pass


class ValueProblem(ValueError):
    pass


def fail(kind):
    if kind == 0:
        raise AppError("generic failure", 1)
    if kind == 1:
        raise ParseError("unexpected token", 12)
    if kind == 2:
        raise LexError("bad char", 3, 14)
    if kind == 3:
        raise NetError("connection refused", 4)
    if kind == 4:
        raise Timeout(30)
    if kind == 5:
        raise Plain("plain")
    if kind == 6:
        raise Plain
    if kind == 7:
        raise ValueProblem("a ValueError subclass")
    return kind


def main(argv):
    for kind in range(9):
        try:
            r = fail(kind)
            print(kind, "ok", r)
        except ParseError as e:
            extra = ""
            if isinstance(e, LexError):
                extra = " col=%d" % e.col
            print(kind, "parse:", e.describe(), str(e), e.code, e.line, extra)
        except NetError as e:
            if isinstance(e, Timeout):
                print(kind, "timeout:", e.seconds, str(e), e.code)
            else:
                print(kind, "net:", e.describe(), str(e))
        except AppError as e:
            print(kind, "app:", e.describe(), str(e))
        except ValueError as e:
            print(kind, "ValueError:", str(e), isinstance(e, ValueProblem))
        except Exception as e:
            print(kind, "other:", repr(str(e)), isinstance(e, Plain))
    # exceptions are ordinary objects
    saved = []
    for kind in range(5):
        try:
            fail(kind)
        except AppError as e:
            saved.append(e)
    print("saved", len(saved), [e.code for e in saved])
    err = saved[2]
    try:
        raise err
    except LexError as e:
        print("re-raised saved:", e.describe(), e is err)
    made = Timeout(7)
    print("made, not raised:", str(made), made.code)
    try:
        raise made
    except AppError as e:
        print("raised later:", e.describe(), str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
