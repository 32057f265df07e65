"""A tiny regular-expression matcher (Pike/Kernighan style, extended):
literals, '.', '^', '$', '*', '+', '?', character classes [a-z] and [^...],
and escapes with backslash; search() finds the leftmost match."""
import sys


class Pat(object):
    def __init__(self, kind, chars, negate, rep):
        self.kind = kind      # "lit", "any", "class"
        self.chars = chars
        self.negate = negate
        self.rep = rep        # "", "*", "+", "?"

    def matches(self, c):
        if self.kind == "any":
            return c != "\n"
        if self.kind == "lit":
            return c == self.chars
        found = False
        i = 0
        while i < len(self.chars):
            if i + 2 < len(self.chars) and self.chars[i + 1] == "-":
                if self.chars[i] <= c <= self.chars[i + 2]:
                    found = True
                i += 3
            else:
                if self.chars[i] == c:
                    found = True
                i += 1
        return found != self.negate


class Regex(object):
    def __init__(self, src):
        self.anchored_start = False
        self.anchored_end = False
        self.pats = []
        i = 0
        if src.startswith("^"):
            self.anchored_start = True
            i = 1
        while i < len(src):
            c = src[i]
            if c == "$" and i == len(src) - 1:
                self.anchored_end = True
                i += 1
                continue
            if c == ".":
                p = Pat("any", "", False, "")
                i += 1
            elif c == "[":
                j = i + 1
                neg = False
                if j < len(src) and src[j] == "^":
                    neg = True
                    j += 1
                k = src.find("]", j + 1)
                if k < 0:
                    raise ValueError("unterminated class")
                p = Pat("class", src[j:k], neg, "")
                i = k + 1
            elif c == "\\":
                if i + 1 >= len(src):
                    raise ValueError("trailing backslash")
                p = Pat("lit", src[i + 1], False, "")
                i += 2
            elif c in "*+?":
                raise ValueError("nothing to repeat at %d" % i)
            else:
                p = Pat("lit", c, False, "")
                i += 1
            if i < len(src) and src[i] in "*+?":
                p.rep = src[i]
                i += 1
            self.pats.append(p)

    def match_here(self, pi, text, ti):
        if pi == len(self.pats):
            if self.anchored_end and ti != len(text):
                return -1
            return ti
        p = self.pats[pi]
        if p.rep == "":
            if ti < len(text) and p.matches(text[ti]):
                return self.match_here(pi + 1, text, ti + 1)
            return -1
        if p.rep == "?":
            if ti < len(text) and p.matches(text[ti]):
                r = self.match_here(pi + 1, text, ti + 1)
                if r >= 0:
                    return r
            return self.match_here(pi + 1, text, ti)
        # * and +: greedy, then back off
        lo = 1 if p.rep == "+" else 0
        n = 0
        while ti + n < len(text) and p.matches(text[ti + n]):
            n += 1
        while n >= lo:
            r = self.match_here(pi + 1, text, ti + n)
            if r >= 0:
                return r
            n -= 1
        return -1

    def search(self, text):
        start = 0
        while start <= len(text):
            end = self.match_here(0, text, start)
            if end >= 0:
                return (start, end)
            if self.anchored_start:
                break
            start += 1
        return (-1, -1)


def findall(rx, text):
    out = []
    pos = 0
    while pos <= len(text):
        s, e = rx.search(text[pos:])
        if s < 0:
            break
        out.append(text[pos + s:pos + e])
        pos += e if e > s else s + 1
        if rx.anchored_start:
            break
    return out


TESTS = [
    ("abc", "xxabcxx"),
    ("^abc", "abcdef"),
    ("^abc", "xabc"),
    ("abc$", "xxabc"),
    ("a.c", "abc adc a c a\nc"),
    ("ab*c", "ac abc abbbbc"),
    ("ab+c", "ac abc abbbbc"),
    ("colou?r", "color colour colouur"),
    ("[0-9]+", "tel 555-1234, room 42"),
    ("[^ ,]+", "split, these words"),
    ("[a-zA-Z_][a-zA-Z0-9_]*", "x1 = foo_bar + 3*Baz"),
    ("\\.[a-z]+$", "file.tar.gz"),
    ("a*", "baaa"),
    ("^$", ""),
    ("x?y?z?", "zzz"),
    ("a\\*b", "a*b ab"),
]


def main(argv):
    for pat, text in TESTS:
        rx = Regex(pat)
        s, e = rx.search(text)
        if s >= 0:
            print("%-26r %-24r match %d..%d %r all=%r" % (pat, text, s, e, text[s:e], findall(rx, text)))
        else:
            print("%-26r %-24r no match" % (pat, text))
    for bad in ["*a", "[abc", "ab\\"]:
        try:
            Regex(bad)
            print("accepted", bad)
        except ValueError as err:
            print("%r: %s" % (bad, str(err)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
