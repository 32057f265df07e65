"""Output ordering: print (buffered) interleaved with os.write to fds 1
and 2 stays in program order on stdout; print with end='' and sep; large
outputs through both paths."""
import os
import sys


def main(argv):
    print("1: print")
    os.write(1, "2: os.write\n")
    print("3: print without newline... ", end="")
    os.write(1, "4: then os.write\n")
    os.write(2, "this goes to stderr\n")
    print("5:", "a", "b", sep="-")
    parts = []
    for i in range(200):
        if i % 2:
            print("line %d via print" % i)
        else:
            os.write(1, "line %d via os.write\n" % i)
    big = "x" * 10000
    os.write(1, big[:5000])
    print(big[5000:])
    n = os.write(1, "returns the count\n")
    print("os.write returned", n)
    print("end", end="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
