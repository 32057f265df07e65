"""Module globals read at run time: constants, `global` declarations used
for reading, globals computed from other globals, functions and classes
referenced through globals, and a mutable global container standing in
for a rebindable global."""
import sys

VERSION = "1.2.3"
MAJOR = int(VERSION.split(".")[0])
PARTS = [int(p) for p in VERSION.split(".")]
WIDTH = 8
RULE = "-" * WIDTH
STATE = {"counter": 0, "last": 0}
HISTORY = []


def next_id():
    global STATE
    STATE["counter"] += 1
    STATE["last"] = STATE["counter"] * 10
    HISTORY.append(STATE["last"])
    return STATE["counter"]


def describe():
    global VERSION, MAJOR
    return "v%s (major %d, parts %s)" % (VERSION, MAJOR, PARTS)


def banner(title):
    return RULE + " " + title + " " + RULE


HANDLER = banner


def main(argv):
    print(describe())
    print(HANDLER("start"))
    ids = [next_id() for i in range(4)]
    print(ids, STATE, HISTORY)
    print(WIDTH * 2, len(RULE), MAJOR + PARTS[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
