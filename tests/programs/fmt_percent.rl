"""%-formatting: every conversion (d i x X o c s r f e g %) with the flags
- + space 0 #, widths and precisions, on positive, negative and zero
values, and tuples of mixed arguments."""
import sys

INTS = [0, 7, -7, 255, -255, 123456789, -9223372036854775807]
FLOATS = [0.0, -0.0, 1.5, -1.5, 3.14159265358979, 1234567.891, 1e-7, 2.5e22, -1e100, 0.5, 100.0]
STRS = ["", "a", "hello", "tab\there", "quote'd", "dq\"x", "caf\xe9", "\x00\x7f\xff"]


# RL formats are constants (checked at translation), so each format of the
# table gets its own line.
def row(fmt, cells):
    print("%-8s" % fmt, " ".join(cells))


def main(argv):
    row("%d", ["%d" % n for n in INTS])
    row("%i", ["%i" % n for n in INTS])
    row("%5d", ["%5d" % n for n in INTS])
    row("%-5d|", ["%-5d|" % n for n in INTS])
    row("%05d", ["%05d" % n for n in INTS])
    row("%+d", ["%+d" % n for n in INTS])
    row("% d", ["% d" % n for n in INTS])
    row("%+05d", ["%+05d" % n for n in INTS])
    row("%-+6d|", ["%-+6d|" % n for n in INTS])
    row("%x", ["%x" % n for n in INTS])
    row("%X", ["%X" % n for n in INTS])
    row("%#x", ["%#x" % n for n in INTS])
    row("%#X", ["%#X" % n for n in INTS])
    row("%08x", ["%08x" % n for n in INTS])
    row("%-#8x|", ["%-#8x|" % n for n in INTS])
    row("%o", ["%o" % n for n in INTS])
    row("%#o", ["%#o" % n for n in INTS])
    row("%#5o", ["%#5o" % n for n in INTS])
    row("%.3d", ["%.3d" % n for n in INTS])
    row("%+.4d", ["%+.4d" % n for n in INTS])
    row("%f", ["%f" % x for x in FLOATS])
    row("%.2f", ["%.2f" % x for x in FLOATS])
    row("%10.3f", ["%10.3f" % x for x in FLOATS])
    row("%-10.1f|", ["%-10.1f|" % x for x in FLOATS])
    row("%+f", ["%+f" % x for x in FLOATS])
    row("% .3f", ["% .3f" % x for x in FLOATS])
    row("%010.2f", ["%010.2f" % x for x in FLOATS])
    row("%.0f", ["%.0f" % x for x in FLOATS])
    row("%#.0f", ["%#.0f" % x for x in FLOATS])
    row("%e", ["%e" % x for x in FLOATS])
    row("%.2e", ["%.2e" % x for x in FLOATS])
    row("%E", ["%E" % x for x in FLOATS])
    row("%+12.3e", ["%+12.3e" % x for x in FLOATS])
    row("%g", ["%g" % x for x in FLOATS])
    row("%G", ["%G" % x for x in FLOATS])
    row("%.3g", ["%.3g" % x for x in FLOATS])
    row("%10.4g", ["%10.4g" % x for x in FLOATS])
    row("%#g", ["%#g" % x for x in FLOATS])
    row("%-+10g|", ["%-+10g|" % x for x in FLOATS])
    row("%.0e", ["%.0e" % x for x in FLOATS])
    row("[%s]", ["[%s]" % s for s in STRS])
    row("[%10s]", ["[%10s]" % s for s in STRS])
    row("[%-10s]", ["[%-10s]" % s for s in STRS])
    row("[%.2s]", ["[%.2s]" % s for s in STRS])
    row("[%8.3s]", ["[%8.3s]" % s for s in STRS])
    row("[%r]", ["[%r]" % s for s in STRS])
    row("[%12r]", ["[%12r]" % s for s in STRS])
    row("[%-12r]", ["[%-12r]" % s for s in STRS])
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
