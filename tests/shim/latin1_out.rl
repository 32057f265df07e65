"""Chars 128..255 reach stdout as single bytes, via print and os.write."""
import os
import sys


def main(argv):
    s = ""
    for i in range(128, 256):
        s += chr(i)
    print(s)
    os.write(1, s + "\n")
    print(len(s), ord(s[0]), ord(s[-1]))
    print("caf\xe9 \xff\xfe")
    print("a\r\nb\rc")
    print(repr("\xe9\x80\xa0"))
    print("%s|%r" % ("\xe9", "\xe9"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
