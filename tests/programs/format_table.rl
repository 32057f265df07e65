"""Formatting tables: column widths computed from data, alignment, numeric
columns with precision, totals, a multiplication table and a histogram."""
import sys

HEADERS = ["city", "country", "population", "area km2", "density"]
ROWS = [
    ("Tokyo", "Japan", 13960000, 2194.07),
    ("Delhi", "India", 16787941, 1484.0),
    ("Lagos", "Nigeria", 15388000, 1171.28),
    ("Reykjavik", "Iceland", 131136, 273.0),
    ("Zurich", "Switzerland", 421878, 87.88),
    ("Sao Paulo", "Brazil", 12325232, 1521.11),
]


def pad(s, width, align):
    if align == "r":
        return " " * (width - len(s)) + s
    if align == "c":
        left = (width - len(s)) // 2
        return " " * left + s + " " * (width - len(s) - left)
    return s + " " * (width - len(s))


def render(headers, cells, aligns):
    widths = [len(h) for h in headers]
    for row in cells:
        for i in range(len(row)):
            if len(row[i]) > widths[i]:
                widths[i] = len(row[i])
    sep = "+" + "+".join(["-" * (w + 2) for w in widths]) + "+"
    out = [sep]
    out.append("|" + "|".join([" " + pad(headers[i], widths[i], "c") + " " for i in range(len(headers))]) + "|")
    out.append(sep.replace("-", "="))
    for row in cells:
        out.append("|" + "|".join([" " + pad(row[i], widths[i], aligns[i]) + " " for i in range(len(row))]) + "|")
    out.append(sep)
    return "\n".join(out)


def thousands(n):
    s = str(abs(n))
    groups = []
    while len(s) > 3:
        groups.insert(0, s[-3:])
        s = s[:-3]
    groups.insert(0, s)
    r = ",".join(groups)
    if n < 0:
        r = "-" + r
    return r


def main(argv):
    cells = []
    total_pop = 0
    total_area = 0.0
    for city, country, pop, area in ROWS:
        total_pop += pop
        total_area += area
        cells.append([city, country, thousands(pop), "%.2f" % area, "%.1f" % (pop / area)])
    cells.append(["TOTAL", "", thousands(total_pop), "%.2f" % total_area,
                  "%.1f" % (total_pop / total_area)])
    print(render(HEADERS, cells, ["l", "l", "r", "r", "r"]))
    print()
    # multiplication table with a width computed at run time (RL formats
    # are constants, so the padding is done by hand)
    n = 9
    w = len(str(n * n)) + 1
    print(" " * 3 + "".join([pad(str(j), w, "r") for j in range(1, n + 1)]))
    for i in range(1, n + 1):
        print("%2d|" % i + "".join([pad(str(i * j), w, "r") for j in range(1, n + 1)]))
    print()
    # histogram
    data = [3, 7, 1, 0, 12, 5, 9]
    labels = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    top = max(data)
    for lab, v in zip(labels, data):
        bar = "#" * (v * 30 // top)
        print("%-4s %3d %s" % (lab, v, bar))
    for v in [0, 7, -1234567, 1000, 999, 123456789012]:
        print("%15s|%-15s|" % (thousands(v), thousands(v)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
