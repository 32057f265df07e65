"""rlib.rstring.StringBuilder: append, getlength, build; building large
strings, escaping, hex dumps, and a comparison with join."""
import sys
from rlib.rstring import StringBuilder


def escape_html(s):
    sb = StringBuilder()
    for c in s:
        if c == "<":
            sb.append("&lt;")
        elif c == ">":
            sb.append("&gt;")
        elif c == "&":
            sb.append("&amp;")
        elif c == '"':
            sb.append("&quot;")
        else:
            sb.append(c)
    return sb.build()


def hexdump(data):
    sb = StringBuilder(64)
    i = 0
    while i < len(data):
        chunk = data[i:i + 8]
        sb.append("%04x  " % i)
        for c in chunk:
            sb.append("%02x " % ord(c))
        sb.append("   " * (8 - len(chunk)))
        sb.append(" |")
        for c in chunk:
            if 32 <= ord(c) < 127:
                sb.append(c)
            else:
                sb.append(".")
        sb.append("|\n")
        i += 8
    return sb.build()


def numbers(n):
    sb = StringBuilder()
    for i in range(n):
        if i:
            sb.append(",")
        sb.append(str(i))
    return sb


def main(argv):
    print(escape_html('<a href="x">Tom & Jerry</a>'))
    print(hexdump("Hello, world!\n\x00\x01\xff tail"))
    sb = numbers(20)
    print(sb.getlength(), sb.build())
    sb.append("!")
    print(sb.getlength(), sb.build()[-5:])
    big = StringBuilder()
    for i in range(20000):
        big.append("x")
        big.append("%d" % (i % 10))
    s = big.build()
    joined = "".join(["x%d" % (i % 10) for i in range(20000)])
    print(len(s), big.getlength(), s == joined, s[:12], s[-6:])
    empty = StringBuilder()
    print(empty.getlength(), repr(empty.build()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
