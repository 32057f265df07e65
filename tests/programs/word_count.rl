"""Text processing from stdin: word and letter counts, the most common
words as a formatted table, line statistics."""
import os
import sys


def read_all(fd):
    chunks = []
    while True:
        data = os.read(fd, 64)
        if not data:
            break
        chunks.append(data)
    return "".join(chunks)


def normalize(word):
    out = []
    for c in word.lower():
        if c.isalpha() or c == "'":
            out.append(c)
    return "".join(out).strip("'")


def pair_less(a, b):
    # tuples compare item by item, as in Python
    if a[0] != b[0]:
        return a[0] < b[0]
    return a[1] < b[1]


def sort_pairs(pairs):
    for i in range(1, len(pairs)):
        x = pairs[i]
        j = i - 1
        while j >= 0 and pair_less(x, pairs[j]):
            pairs[j + 1] = pairs[j]
            j -= 1
        pairs[j + 1] = x


def main(argv):
    text = read_all(0)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    counts = {}
    order = []
    letters = {}
    nwords = 0
    for line in lines:
        for raw in line.split():
            w = normalize(raw)
            if not w:
                continue
            nwords += 1
            if w not in counts:
                counts[w] = 0
                order.append(w)
            counts[w] += 1
            for c in w:
                letters[c] = letters.get(c, 0) + 1
    print("lines: %d  words: %d  distinct: %d  chars: %d" % (len(lines), nwords, len(counts), len(text)))
    pairs = [(-counts[w], w) for w in order]
    sort_pairs(pairs)
    print("+------------+-------+--------+")
    print("| %-10s | %5s | %6s |" % ("word", "count", "share"))
    print("+------------+-------+--------+")
    for negc, w in pairs[:10]:
        c = -negc
        print("| %-10s | %5d | %5.1f%% |" % (w, c, 100.0 * c / nwords))
    print("+------------+-------+--------+")
    first = [w for w in order[:8]]
    print("first seen:", ", ".join(first))
    ls = sorted(letters.keys())
    print("letters:", "".join(["%s%d" % (c, letters[c]) for c in ls]))
    longest = ""
    for line in lines:
        if len(line) > len(longest):
            longest = line
    print("longest line (%d): %r" % (len(longest), longest))
    blank = 0
    for line in lines:
        if line.strip() == "":
            blank += 1
    print("blank lines:", blank)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
