"""Command-line arguments (from .args, one per line): option parsing with
flags, values and positional arguments, including arguments with spaces,
empty ones and latin-1 bytes."""
import sys


def usage():
    print("usage: prog [-v] [-n N] [--name=NAME] FILE...")


def main(argv):
    verbose = False
    count = 1
    name = "world"
    files = []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "-v":
            verbose = True
        elif a == "-n":
            i += 1
            if i >= len(argv):
                usage()
                return 2
            try:
                count = int(argv[i])
            except ValueError:
                print("bad count %r" % argv[i])
                return 2
        elif a.startswith("--name="):
            name = a[len("--name="):]
        elif a == "--":
            files.extend(argv[i + 1:])
            break
        elif a.startswith("-") and len(a) > 1:
            print("unknown option %r" % a)
        else:
            files.append(a)
        i += 1
    print("argc", len(argv), "verbose", verbose, "count", count)
    for k in range(count):
        print("hello, %s!" % name)
    for f in files:
        if verbose:
            print("file %r (%d bytes)" % (f, len(f)))
        else:
            print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
