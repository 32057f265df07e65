import sys


class Quit(SystemExit):
    pass


def main(argv):
    try:
        sys.exit(len(argv))
    except SystemExit as e:
        print(e.code)
    raise SystemExit("bye")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
