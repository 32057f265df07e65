"""%-formatting: every conversion (d i x X o c s r f e g %) with the flags
- + space 0 #, widths and precisions, on positive, negative and zero
values, and tuples of mixed arguments."""
import sys

INTS = [0, 7, -7, 255, -255, 123456789, -9223372036854775807]
FLOATS = [0.0, -0.0, 1.5, -1.5, 3.14159265358979, 1234567.891, 1e-7, 2.5e22, -1e100, 0.5, 100.0]
INT_FORMATS = ["%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%-+6d|",
               "%x", "%X", "%#x", "%#X", "%08x", "%-#8x|", "%o", "%#o", "%#5o", "%.3d", "%+.4d"]
FLOAT_FORMATS = ["%f", "%.2f", "%10.3f", "%-10.1f|", "%+f", "% .3f", "%010.2f", "%.0f", "%#.0f",
                 "%e", "%.2e", "%E", "%+12.3e", "%g", "%G", "%.3g", "%10.4g", "%#g", "%-+10g|", "%.0e"]
STRS = ["", "a", "hello", "tab\there", "quote'd", "dq\"x", "caf\xe9", "\x00\x7f\xff"]
STR_FORMATS = ["[%s]", "[%10s]", "[%-10s]", "[%.2s]", "[%8.3s]", "[%r]", "[%12r]", "[%-12r]"]


def main(argv):
    for f in INT_FORMATS:
        print("%-8s" % f, " ".join([f % n for n in INTS]))
    for f in FLOAT_FORMATS:
        print("%-8s" % f, " ".join([f % x for x in FLOATS]))
    for f in STR_FORMATS:
        print("%-8s" % f, " ".join([f % s for s in STRS]))
    # %c with ints and 1-char strings
    print("%c%c%c" % (72, 105, 33), "[%3c]" % "x", "[%-3c]" % 65, "%c" % 233)
    # %% and mixing in tuples
    print("%d%% of %s is %.1f" % (50, "ten", 5.0))
    print("%s|%r|%d|%x|%f" % ("s", "r", 3, 255, 0.25))
    print("%s %s %s %s %s" % (None, True, False, ["a", "b"], [1.5, -2.0]))
    print("%r %r" % (None, (1, "x")))
    print("%d %d" % (True, False), "%.1f" % 3, "%x" % True)
    print("%s" % {"a": [1, 2]}, "%s" % ((),))
    print("%5s|%-5s|%05.1f|%+.0f|%.10g" % ("ab", "cd", -2.25, 2.5, 1.0 / 3))
    print("%3d|%-3d|%03d" % (1000, 1000, 1000))
    print("%.3s|%.0s|%.10s" % ("abcdef", "gone", "short"))
    print("%x %X %o" % (-255, -255, -8))
    print("%e %e %g %g %g" % (0.0, -0.0, 1e16, 1e-5, 123456789.0))
    print("%.15g %.17g %.1g %g" % (0.1, 0.1, 0.05, 0.0001))
    print("%f %e %g" % (1e300 * 1e300, -1e300 * 1e300, 1e300 * 1e300))
    print("%s" % "no args needed")
    print("single %s" % ("tuple",))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
