"""Imported by import_helper.rl (not a test of its own)."""
from helper2 import twice

NAME = __name__
COUNT = [0]


def greet(who):
    COUNT[0] += 1
    return "hello, %s (%d)" % (who, twice(COUNT[0]))


if __name__ == "__main__":
    print("helper's __main__ block must not run on import")
