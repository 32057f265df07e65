"""os.read(0, n) returns a str holding stdin's bytes, 3 at a time."""
import os
import sys


def main(argv):
    chunks = []
    while True:
        s = os.read(0, 3)
        if len(s) == 0:
            break
        chunks.append(s)
    data = "".join(chunks)
    print(len(data), len(chunks))
    print(" ".join([str(ord(c)) for c in data]))
    os.write(1, data)
    print("")
    print(data.count("\r"), data.find("\xe9"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
