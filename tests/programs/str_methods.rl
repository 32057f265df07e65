"""Every str method of LANGUAGE.md (split join strip lstrip rstrip
startswith endswith find rfind replace upper lower isdigit isalpha isalnum
isspace count), str * int, indexing, slicing, comparison and `in`."""
import sys


def show(label, text):
    print("%-14s %s" % (label, text))


def main(argv):
    s = "  Hello, World! hello again  "
    show("split()", repr(s.split()))
    show("split(',')", repr(s.split(",")))
    show("split('l')", repr(s.split("l")))
    show("split(' ')", repr("a  b ".split(" ")))
    show("split('ab')", repr("xxabyyabzz".split("ab")))
    show("split(empty)", repr("".split()))
    show("split(sep)", repr("".split(",")))
    show("join", repr("-".join(["a", "b", "c"])))
    show("join empty", repr("".join([])))
    show("join one", repr(", ".join(["solo"])))
    show("strip", repr(s.strip()))
    show("lstrip", repr(s.lstrip()))
    show("rstrip", repr(s.rstrip()))
    show("strip(chars)", repr("xxhixyx".strip("xy")))
    show("lstrip(chars)", repr("001200".lstrip("0")))
    show("rstrip(chars)", repr("001200".rstrip("0")))
    show("strip ws", repr("\t\n\r\x0b\x0c text \x1c\x1f\x85\xa0".strip()))
    show("startswith", repr([s.startswith("  He"), s.startswith("He"), "".startswith("")]))
    show("endswith", repr([s.endswith("  "), s.endswith("again"), "abc".endswith("")]))
    show("find", repr([s.find("l"), s.find("hello"), s.find("zzz"), s.find(""), "aaa".find("aa")]))
    show("rfind", repr([s.rfind("l"), s.rfind("Hello"), s.rfind("zzz"), s.rfind(""), "aaa".rfind("aa")]))
    show("replace", repr(s.replace("l", "L")))
    show("replace str", repr("a.b.c".replace(".", "::")))
    show("replace del", repr("banana".replace("an", "")))
    show("replace none", repr("banana".replace("x", "y")))
    show("replace emp", repr("abc".replace("", "-")))
    show("upper", repr(s.upper()))
    show("lower", repr(s.lower()))
    show("upper l1", repr("stra\xdfe caf\xe9 \xfe\xf7".upper()))
    show("lower l1", repr("\xc0\xc9\xde\xd7".lower()))
    for t in ["123", "12a", "", "abc", "ab1", " ", "\t\n", "\xe9\xdf", "\xb2\xb3", "\xbd", "A_B", "\xa0"]:
        show("is* %r" % t, repr([t.isdigit(), t.isalpha(), t.isalnum(), t.isspace()]))
    show("count", repr([s.count("l"), s.count("ll"), s.count(""), "aaaa".count("aa"), "".count("a")]))
    show("str * int", repr(["ab" * 3, "x" * 0, "y" * -2, "-" * 10]))
    show("int * str", repr(3 * "ab"))
    show("index", repr([s[2], s[-1], s[-3], "abc"[0]]))
    show("slice", repr([s[2:7], s[-7:], s[:5], s[100:], s[-100:4], s[5:2], s[:], s[3:-3]]))
    show("compare", repr(["abc" < "abd", "ab" < "abc", "B" < "a", "\xe9" > "z", "" == "", "a" != "A"]))
    show("in", repr(["World" in s, "world" in s, "" in s, "x" not in s]))
    show("len", repr([len(s), len(""), len("\x00")]))
    show("chained", repr("  a-B-c  ".strip().upper().split("-")))
    show("ord", repr([ord("A"), ord("\xff"), ord("\x00")]))
    show("chr", repr([chr(97), chr(255), chr(0)]))
    show("str()", repr([str(1), str(-2), str(True), str(None), str(1.5), str("s"), str([1])]))
    t = "word"
    acc = ""
    for c in t:
        acc = c + acc
    show("reverse", repr(acc))
    show("min/max", repr([min("b", "a"), max("abc", "abd"), min(["z", "y", "x"])]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
