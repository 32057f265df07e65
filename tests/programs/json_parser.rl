"""A JSON-ish parser: values as a class hierarchy, a printer, queries."""
import sys


class JValue(object):
    def dump(self):
        return "?"

    def kind(self):
        return "value"


class JNull(JValue):
    def dump(self):
        return "null"

    def kind(self):
        return "null"


class JBool(JValue):
    def __init__(self, b):
        self.b = b

    def dump(self):
        if self.b:
            return "true"
        return "false"

    def kind(self):
        return "bool"


class JNum(JValue):
    def __init__(self, text, isfloat):
        self.text = text
        self.isfloat = isfloat
        if isfloat:
            self.fval = float(text)
            self.ival = 0
        else:
            self.ival = int(text)
            self.fval = float(self.ival)

    def dump(self):
        if self.isfloat:
            return repr(self.fval)
        return str(self.ival)

    def kind(self):
        return "number"


class JStr(JValue):
    def __init__(self, s):
        self.s = s

    def dump(self):
        return quote(self.s)

    def kind(self):
        return "string"


class JArr(JValue):
    def __init__(self):
        self.items = []

    def dump(self):
        return "[" + ", ".join([v.dump() for v in self.items]) + "]"

    def kind(self):
        return "array"


class JObj(JValue):
    def __init__(self):
        self.keys = []
        self.map = {}

    def dump(self):
        parts = []
        for k in self.keys:
            parts.append(quote(k) + ": " + self.map[k].dump())
        return "{" + ", ".join(parts) + "}"

    def kind(self):
        return "object"


class ParseError(Exception):
    def __init__(self, msg, pos):
        Exception.__init__(self, msg)
        self.pos = pos


def quote(s):
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == '\\':
            out.append('\\\\')
        elif c == '\n':
            out.append('\\n')
        elif c == '\t':
            out.append('\\t')
        elif ord(c) < 32:
            out.append('\\u%04x' % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


class Parser(object):
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def error(self, msg):
        raise ParseError(msg, self.pos)

    def skip_ws(self):
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self):
        self.skip_ws()
        if self.pos >= len(self.text):
            return ""
        return self.text[self.pos]

    def expect(self, c):
        if self.peek() != c:
            self.error("expected '%s'" % c)
        self.pos += 1

    def parse(self):
        v = self.value()
        if self.peek() != "":
            self.error("trailing data")
        return v

    def value(self):
        c = self.peek()
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            return JStr(self.string())
        if c == "-" or c.isdigit():
            return self.number()
        if self.text[self.pos:self.pos + 4] == "true":
            self.pos += 4
            return JBool(True)
        if self.text[self.pos:self.pos + 5] == "false":
            self.pos += 5
            return JBool(False)
        if self.text[self.pos:self.pos + 4] == "null":
            self.pos += 4
            return JNull()
        self.error("unexpected character")
        return JNull()

    def obj(self):
        self.expect("{")
        o = JObj()
        if self.peek() == "}":
            self.pos += 1
            return o
        while True:
            if self.peek() != '"':
                self.error("expected a key")
            k = self.string()
            self.expect(":")
            v = self.value()
            if k not in o.map:
                o.keys.append(k)
            o.map[k] = v
            c = self.peek()
            self.pos += 1
            if c == "}":
                return o
            if c != ",":
                self.pos -= 1
                self.error("expected ',' or '}'")

    def arr(self):
        self.expect("[")
        a = JArr()
        if self.peek() == "]":
            self.pos += 1
            return a
        while True:
            a.items.append(self.value())
            c = self.peek()
            self.pos += 1
            if c == "]":
                return a
            if c != ",":
                self.pos -= 1
                self.error("expected ',' or ']'")

    def string(self):
        self.pos += 1
        out = []
        while True:
            if self.pos >= len(self.text):
                self.error("unterminated string")
            c = self.text[self.pos]
            self.pos += 1
            if c == '"':
                break
            if c == "\\":
                e = self.text[self.pos]
                self.pos += 1
                if e == "n":
                    out.append("\n")
                elif e == "t":
                    out.append("\t")
                elif e == "u":
                    code = int(self.text[self.pos:self.pos + 4], 16)
                    self.pos += 4
                    out.append(chr(code))
                else:
                    out.append(e)
            else:
                out.append(c)
        return "".join(out)

    def number(self):
        start = self.pos
        isfloat = False
        if self.text[self.pos] == "-":
            self.pos += 1
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c.isdigit():
                self.pos += 1
            elif c in ".eE+-":
                isfloat = True
                self.pos += 1
            else:
                break
        return JNum(self.text[start:self.pos], isfloat)


def total(v):
    if isinstance(v, JNum):
        return v.fval
    if isinstance(v, JArr):
        t = 0.0
        for x in v.items:
            t += total(x)
        return t
    if isinstance(v, JObj):
        t = 0.0
        for k in v.keys:
            t += total(v.map[k])
        return t
    return 0.0


def depth(v):
    d = 0
    if isinstance(v, JArr):
        for x in v.items:
            d = max(d, depth(x))
        return d + 1
    elif isinstance(v, JObj):
        for x in v.map.values():
            d = max(d, depth(x))
        return d + 1
    return 0


SAMPLES = [
    '{"name": "rtrans", "version": 1, "tags": ["rl", "jit"], "ok": true}',
    '[1, 2.5, -3, 1e3, {"a": null, "b": [false, "x\\ty"]}]',
    '  {"nested": {"deep": {"deeper": [[[]]]}}, "n": -0.25}  ',
    '"esc: \\"q\\" \\\\ \\u0041\\u00e9"',
    '{"dup": 1, "dup": 2}',
    '[1, 2,',
    '{"a" 1}',
    '[1 2]',
    'nul',
    '[] x',
    '{}',
]


def main(argv):
    for src in SAMPLES:
        try:
            v = Parser(src).parse()
            print("%-7s depth=%d total=%s %s" % (v.kind(), depth(v), total(v), v.dump()))
        except ParseError as e:
            print("error at %d: %s" % (e.pos, str(e)))
        except IndexError:
            print("error: ran off the end")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
