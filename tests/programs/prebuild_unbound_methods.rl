"""Methods of built-in types called through the type at translation time
(str.upper(s), list.append(l, x)), as Python allows."""
import sys

UP = str.upper("abc")
ALNUM = str.isalnum("ab1")
JOINED = str.join(",", ["a", "b"])
L = [1, 2]
list.append(L, 3)


def main(argv):
    print(UP)
    print(ALNUM)
    print(JOINED)
    print(len(L))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
