"""Text processing: greedy word wrap, full justification, centering, a
Caesar cipher, run-length encoding/decoding, palindromes, anagram groups
and a simple template substitution."""
import sys

TEXT = ("RL is to rtrans what RPython is to PyPy's translation toolchain: a "
        "statically analysable subset of Python in which people write "
        "interpreters. Interpreter authors test their interpreter untranslated "
        "on CPython, then translate it.")


def wrap(text, width):
    lines = []
    cur = []
    length = 0
    for w in text.split():
        if cur and length + 1 + len(w) > width:
            lines.append(cur)
            cur = []
            length = 0
        if cur:
            length += 1
        cur.append(w)
        length += len(w)
    if cur:
        lines.append(cur)
    return lines


def justify(words, width):
    if len(words) == 1:
        return words[0]
    gaps = len(words) - 1
    spaces = width - sum([len(w) for w in words])
    out = ""
    for i in range(gaps):
        n = spaces // gaps + (1 if i < spaces % gaps else 0)
        out += words[i] + " " * n
    return out + words[-1]


def caesar(s, k):
    out = []
    for c in s:
        if "a" <= c <= "z":
            out.append(chr((ord(c) - 97 + k) % 26 + 97))
        elif "A" <= c <= "Z":
            out.append(chr((ord(c) - 65 + k) % 26 + 65))
        else:
            out.append(c)
    return "".join(out)


def rle(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append("%d%s" % (j - i, s[i]))
        i = j
    return "".join(out)


def unrle(s):
    out = []
    num = 0
    for c in s:
        if c.isdigit():
            num = num * 10 + ord(c) - 48
        else:
            out.append(c * num)
            num = 0
    return "".join(out)


def is_palindrome(s):
    t = [c.lower() for c in s if c.isalnum()]
    return t == [t[i] for i in range(len(t) - 1, -1, -1)]


def template(t, values):
    out = []
    i = 0
    while i < len(t):
        if t[i] == "{":
            j = t.find("}", i)
            key = t[i + 1:j]
            out.append(values.get(key, "?" + key + "?"))
            i = j + 1
        else:
            out.append(t[i])
            i += 1
    return "".join(out)


def main(argv):
    for width in [30, 45]:
        lines = wrap(TEXT, width)
        print("+" + "-" * width + "+")
        for k in range(len(lines)):
            ws = lines[k]
            text = justify(ws, width) if k < len(lines) - 1 else " ".join(ws)
            print("|" + text + " " * (width - len(text)) + "|")
        print("+" + "-" * width + "+")
    for word in ["centered", "x", ""]:
        pad = 20 - len(word)
        print("[" + " " * (pad // 2) + word + " " * (pad - pad // 2) + "]")
    secret = caesar("Hello, World! xyz", 3)
    print(secret, "->", caesar(secret, -3))
    for s in ["aaabccddddde", "abc", "", "zzzzzzzzzzzz"]:
        enc = rle(s)
        print(repr(s), enc, unrle(enc) == s)
    for s in ["A man, a plan, a canal: Panama", "hello", "No 'x' in Nixon", ""]:
        print(repr(s), is_palindrome(s))
    groups = {}
    for w in "listen silent enlist google tinsel banana inlets gogole".split():
        key = "".join(sorted([c for c in w]))
        if key not in groups:
            groups[key] = []
        groups[key].append(w)
    print([g for g in groups.values() if len(g) > 1])
    print(template("Dear {name}, your order #{id} ships {when}. {missing}", {"name": "Ann", "id": "42", "when": "today"}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
