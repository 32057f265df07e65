"""l.sort(reverse=E) of ints, floats and strs (stable, like sorted())."""
import sys


def main(argv):
    n = len(argv)
    l = [3, 1, 2]
    l.sort(reverse=True)
    print(l)
    l.sort(reverse=n > 5)
    print(l)
    s = ["b", "a", "c", "B"]
    s.sort(reverse=n > 0)
    print(s)
    f = [0.5, -1.0, 2.5]
    f.sort(reverse=False)
    print(f, sorted(f, reverse=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
