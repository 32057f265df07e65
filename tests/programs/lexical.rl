"""Lexical syntax: adjacent string literals, backslash line joins, every
escape (\\n \\t \\r \\f \\v \\a \\b \\0 \\ooo \\xHH \\\\ \\' \\"), raw-ish
quoting choices, triple-quoted strings, number literals (hex, octal,
binary, underscores, floats with exponents), comments and odd spacing."""
import sys

LONG = ("part one, "
        "part two, "   # a comment between parts
        'part three')
JOINED = 1 + \
    2 + \
    3
TRIPLE = """line 1
  line 2 with 'single' and "double" quotes
line 3\tescaped tab"""
TRIPLE2 = '''another
one'''


def main(argv):
    print(LONG)
    print(JOINED)
    print(TRIPLE)
    print(TRIPLE2)
    escapes = "\n\t\r\f\v\a\b\0\7\101\x41\xff\\\'\""
    print([ord(c) for c in escapes])
    print(repr(escapes))
    print(len("\x00\x01"), "\x41\x42\x43", "\101\102\103", "\1234")
    print('single "inside"', "double 'inside'", 'it\'s', "say \"x\"")
    print(0x1F, 0o17, 0b101, 0XFF, 0O7, 0B11, 1_000_000, 0x_ff, 10e3, 1.5E-2, .5, 5., 1_0.0_1)
    print("a" "b" "c", "x" 'y')
    total = (1 +
             2 *
             3)
    items = [
        1,
        2,
        3,
    ]
    d = {
        "k": 1,
    }
    print(total, items, d)
    if (total > 5 and
            len(items) == 3):
        print("multi-line condition")
    x = 1; y = 2
    print(x, y)
    print("tab\tand	literal tab")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
