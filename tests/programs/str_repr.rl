"""repr/str/print of strs and containers: quoting rules (which quote is
chosen), escapes of control chars and bytes 0x7f-0xa0, printable latin-1,
nested lists/tuples/dicts, empty containers, one-element tuples,
print's sep and end."""
import sys


def main(argv):
    samples = ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "nl\nnl",
               "tab\t", "cr\r", "\x00\x01\x1f", "\x7f\x80\x9f", "\xa0\xa1\xad\xbf",
               "\xc0\xe9\xff", "", "'", '"', "\\", "\x0b\x0c\x07\x08"]
    for s in samples:
        print(repr(s), len(repr(s)))
    print(samples[:5])
    print([[1, 2], [], [3]], [[]], [["a"], ["b", "c"]])
    print((1,), (1, 2), (), ("a", 1.5, None, True))
    print({}, {1: "a", 2: "b"}, {"k": [1, 2], "j": []}, {"t": (1, "x")})
    print([None, None], [True, False], [1.0, -0.5, 1e100])
    print([(1, "a"), (2, "b")], {"x": {"y": 1}})
    print("a", "b", "c", sep="")
    print("a", "b", "c", sep=", ", end=".\n")
    print("no newline", end="")
    print(" - continued", end="\n\n")
    print()
    print(1, 2.0, "three", None, True, [4], sep=" | ")
    print(str(["a'b", 'c"d']), repr("x"), repr(repr("x")))
    print("%s and %r" % ("str", "str"), "%s" % [["n"]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
