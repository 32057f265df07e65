"""rstring.StringBuilder."""
import sys

from rpython.rlib.rstring import StringBuilder


def main(argv):
    sb = StringBuilder()
    sb.append("abc")
    sb.append_slice("0123456789", 2, 5)
    sb.append_multiple_char("x", 3)
    sb.append("\xe9")
    print(sb.getlength())
    print(sb.build())
    sb.append("!")
    print(sb.build(), sb.getlength())
    empty = StringBuilder(100)
    print(len(empty.build()), empty.getlength())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
