# str methods and %-formatting at translation time.
s = "  Hello, World  "
r = []
r.append(s.strip())
r.append(s.lstrip())
r.append(s.rstrip())
r.append("a,b,,c".split(","))
r.append(" a  b c ".split())
r.append("a b c".split(None, 1))
r.append("-".join(["x", "y", "z"]))
r.append("hello".startswith("he"))
r.append("hello".endswith("lo"))
r.append("hello".find("l"))
r.append("hello".rfind("l"))
r.append("hello".find("z"))
r.append("hello".replace("l", "L"))
r.append("hello".count("l"))
r.append("Hello".upper() + "Hello".lower())
r.append("\xdf".upper())
r.append(["123".isdigit(), "abc".isalpha(), "a1".isalnum(), " \t".isspace(), "".isdigit()])
r.append("ab" * 3)
r.append(3 * "c")
r.append("ab" * -1)
r.append("abc"[1] + "abc"[-1])
r.append("abcdef"[1:3] + "abcdef"[-2:] + "abcdef"[:-4] + "abcdef"[10:])
r.append("%d items, %s, %r, %5.2f|%-4d|%04d|%x|%X|%o|%e|%g|%%" % (3, "s", "r", 3.14159, 7, 42, 255, 255, 8, 12345.678, 0.0001))
r.append("%s %s %s %s" % (None, True, [1, "a"], {"k": (1,)}))
r.append("%r" % ("it's",))
r.append("%c%c" % (65, "b"))
r.append("%s" % 1.0)
r.append("%.3s|%5s|%-5s|" % ("abcdef", "ab", "ab"))
r.append("%+d % d" % (5, 5))
r.append(repr("a\nb\x00'\""))
r.append(str(1.5) + str(None) + str(False) + str(-12))
r.append(ord("A") + ord("\xff"))
r.append(chr(97) + chr(255))
r.append("b" in "abc")
r.append("a" < "b" < "ba")
r.append("abc" == "ab" + "c")
errs = []
try:
    "%d" % ("x",)
except TypeError as e:
    errs.append(str(e))
try:
    "%s %s" % ("x",)
except TypeError as e:
    errs.append(str(e))
try:
    "%s" % ("x", "y")
except TypeError as e:
    errs.append(str(e))
try:
    "abc"[5]
except IndexError as e:
    errs.append(str(e))
try:
    chr(256)
except ValueError as e:
    errs.append(str(e))
r.append(errs)
