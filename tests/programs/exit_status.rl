"""The entry point's return value is the exit status (here 3), after all
output is flushed; the status depends on the arguments (see .args)."""
import sys


def main(argv):
    print("program name given:", len(argv[0]) > 0)
    print("args:", argv[1:])
    errors = 0
    for a in argv[1:]:
        if not a.isdigit():
            print("not a number:", a)
            errors += 1
    if errors:
        print("%d error(s)" % errors)
        return errors + 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
