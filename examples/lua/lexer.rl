"""The Lua tokenizer: names, keywords, numerals, short and long strings,
comments, operators."""
from rlib.rarithmetic import intmask
from objects import LuaError, W_Str, str_to_number_parts, hexdigit

T_EOF = 0
T_NAME = 1
T_KEYWORD = 2
T_STRING = 3
T_INT = 4
T_FLOAT = 5
T_OP = 6

KEYWORDS = {}
for _kw in ["and", "break", "do", "else", "elseif", "end", "false", "for",
            "function", "goto", "if", "in", "local", "nil", "not", "or",
            "repeat", "return", "then", "true", "until", "while"]:
    KEYWORDS[_kw] = True

OPS3 = ["...", ]
OPS2 = ["==", "~=", "<=", ">=", "//", "::", "<<", ">>", ".."]
OPS1 = "+-*/%^#&~|<>=(){}[];:,."


# one str object per distinct name or string constant, as Lua interns its
# strings: table keys written and read with constants of different
# functions then compare by identity
INTERNED = {}


def intern(s):
    got = INTERNED.get(s, None)
    if got is None:
        INTERNED[s] = s
        return s
    return got


class Token(object):
    def __init__(self, kind, text, line):
        self.kind = kind
        self.text = intern(text) if kind == T_NAME or kind == T_STRING else text
        self.line = line
        self.ival = 0
        self.fval = 0.0


def lex_error(chunk, line, msg):
    raise LuaError(W_Str("%s:%d: %s" % (chunk, line, msg)), 0)


def is_name_start(c):
    return c.isalpha() and ord(c) < 128 or c == "_"


def is_name_char(c):
    return (c.isalnum() and ord(c) < 128) or c == "_"


def long_bracket_level(src, i):
    """src[i] == '['; returns the level of a long bracket starting there,
    or -1."""
    j = i + 1
    level = 0
    while j < len(src) and src[j] == "=":
        level += 1
        j += 1
    if j < len(src) and src[j] == "[":
        return level
    return -1


def read_long(chunk, src, i, level, line):
    """Reads a long string/comment whose opening bracket starts at i.
    Returns (content, end index, new line)."""
    j = i + level + 2
    # a newline right after the opening bracket is skipped
    if j < len(src) and src[j] == "\r":
        j += 1
        if j < len(src) and src[j] == "\n":
            j += 1
        line += 1
    elif j < len(src) and src[j] == "\n":
        j += 1
        if j < len(src) and src[j] == "\r":
            j += 1
        line += 1
    close = "]" + "=" * level + "]"
    k = src.find(close, j)
    if k < 0:
        lex_error(chunk, line, "unfinished long string/comment")
    content = src[j:k]
    line += content.count("\n")
    return (content, k + len(close), line)


def tokenize(chunk, src):
    toks = []
    i = 0
    n = len(src)
    line = 1
    if n > 0 and src[0] == "#":
        while i < n and src[i] != "\n":
            i += 1
    while True:
        # whitespace and comments
        while i < n:
            c = src[i]
            if c == "\n":
                line += 1
                i += 1
            elif c == " " or c == "\t" or c == "\r" or c == "\f" or c == "\v":
                i += 1
            elif c == "-" and i + 1 < n and src[i + 1] == "-":
                i += 2
                if i < n and src[i] == "[":
                    level = long_bracket_level(src, i)
                    if level >= 0:
                        content, i, line = read_long(chunk, src, i, level, line)
                        continue
                while i < n and src[i] != "\n":
                    i += 1
            else:
                break
        if i >= n:
            toks.append(Token(T_EOF, "<eof>", line))
            return toks
        c = src[i]
        start = i
        if is_name_start(c):
            while i < n and is_name_char(src[i]):
                i += 1
            word = src[start:i]
            if word in KEYWORDS:
                toks.append(Token(T_KEYWORD, word, line))
            else:
                toks.append(Token(T_NAME, word, line))
        elif c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            i = read_number(chunk, src, i, line, toks)
        elif c == '"' or c == "'":
            i = read_string(chunk, src, i, line, toks)
        elif c == "[" and long_bracket_level(src, i) >= 0:
            level = long_bracket_level(src, i)
            l0 = line
            content, i, line = read_long(chunk, src, i, level, line)
            toks.append(Token(T_STRING, content, l0))
        else:
            if src[i:i + 3] == "...":
                toks.append(Token(T_OP, "...", line))
                i += 3
                continue
            two = src[i:i + 2]
            if two in OPS2:
                toks.append(Token(T_OP, two, line))
                i += 2
                continue
            if c in OPS1:
                toks.append(Token(T_OP, c, line))
                i += 1
                continue
            lex_error(chunk, line, "unexpected symbol near '%s'" % c)


def read_number(chunk, src, i, line, toks):
    n = len(src)
    start = i
    if src[i] == "0" and i + 1 < n and (src[i + 1] == "x" or src[i + 1] == "X"):
        i += 2
        v = 0
        while i < n and hexdigit(src[i]) >= 0:
            v = intmask(v * 16 + hexdigit(src[i]))
            i += 1
        if i < n and (is_name_char(src[i]) or src[i] == "."):
            lex_error(chunk, line, "malformed number near '%s'" % src[start:i + 1])
        t = Token(T_INT, src[start:i], line)
        t.ival = v
        toks.append(t)
        return i
    while i < n:
        c = src[i]
        if c.isdigit() or c == ".":
            i += 1
        elif (c == "e" or c == "E"):
            i += 1
            if i < n and (src[i] == "+" or src[i] == "-"):
                i += 1
        elif is_name_char(c):
            i += 1
        else:
            break
    text = src[start:i]
    kind, iv, fv = str_to_number_parts(text)
    if kind == 1:
        t = Token(T_INT, text, line)
        t.ival = iv
    elif kind == 2:
        t = Token(T_FLOAT, text, line)
        t.fval = fv
    else:
        lex_error(chunk, line, "malformed number near '%s'" % text)
        t = Token(T_EOF, "", line)
    toks.append(t)
    return i


def read_string(chunk, src, i, line, toks):
    n = len(src)
    q = src[i]
    i += 1
    parts = []
    while True:
        if i >= n:
            lex_error(chunk, line, "unfinished string")
        c = src[i]
        if c == q:
            i += 1
            break
        if c == "\n":
            lex_error(chunk, line, "unfinished string")
        if c == "\\":
            i += 1
            if i >= n:
                lex_error(chunk, line, "unfinished string")
            e = src[i]
            if e == "n":
                parts.append("\n")
                i += 1
            elif e == "t":
                parts.append("\t")
                i += 1
            elif e == "r":
                parts.append("\r")
                i += 1
            elif e == "a":
                parts.append("\a")
                i += 1
            elif e == "b":
                parts.append("\b")
                i += 1
            elif e == "f":
                parts.append("\f")
                i += 1
            elif e == "v":
                parts.append("\v")
                i += 1
            elif e == "\\" or e == '"' or e == "'":
                parts.append(e)
                i += 1
            elif e == "\n":
                parts.append("\n")
                line += 1
                i += 1
            elif e == "x":
                if i + 2 < n and hexdigit(src[i + 1]) >= 0 and hexdigit(src[i + 2]) >= 0:
                    parts.append(chr(hexdigit(src[i + 1]) * 16 + hexdigit(src[i + 2])))
                    i += 3
                else:
                    lex_error(chunk, line, "hexadecimal digit expected")
            elif e == "z":
                i += 1
                while i < n and (src[i] == " " or src[i] == "\n" or src[i] == "\t" or src[i] == "\r"):
                    if src[i] == "\n":
                        line += 1
                    i += 1
            elif e.isdigit():
                v = 0
                k = 0
                while k < 3 and i < n and src[i].isdigit():
                    v = v * 10 + ord(src[i]) - 48
                    i += 1
                    k += 1
                if v > 255:
                    lex_error(chunk, line, "decimal escape too large")
                parts.append(chr(v))
            else:
                lex_error(chunk, line, "invalid escape sequence '\\%s'" % e)
        else:
            j = i
            while j < n and src[j] != q and src[j] != "\\" and src[j] != "\n":
                j += 1
            parts.append(src[i:j])
            i = j
    toks.append(Token(T_STRING, "".join(parts), line))
    return i
