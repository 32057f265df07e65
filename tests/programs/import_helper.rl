"""`import` of a sibling helper module (lib_util.rl): module attributes,
functions, classes, exceptions and prebuilt data used through the module
name; mutations of the module's objects are seen through it."""
import sys
import lib_util


def main(argv):
    print(lib_util.GREETING, lib_util.POWERS)
    print([lib_util.clamp(x, 0, 10) for x in [-5, 5, 15]], lib_util.CALLS)
    print(lib_util.words("  split   these words "))
    c = lib_util.Counter(10)
    c.tick()
    c.tick(5)
    print(c.n, c.tick(by=-16))
    lib_util.POWERS.append(256)
    print(len(lib_util.POWERS), lib_util.POWERS[-1])
    for n in [3, 0]:
        try:
            print(lib_util.must_be_positive(n))
        except lib_util.UtilError as e:
            print("UtilError:", str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
