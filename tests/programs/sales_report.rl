"""A small end-to-end report: generate sales records, write them to a file
as CSV lines, read them back (readline, then read in chunks), parse them,
aggregate by (region, product) into a dict with tuple keys and float
values, rank with tuple comparisons, and print a formatted table."""
import sys

PATH = "/tmp/rtrans_test_sales_report.csv"
REGIONS = ["north", "south", "east", "west"]
PRODUCTS = ["apple", "pear", "plum"]


class Record(object):
    def __init__(self, day, region, product, qty, price):
        self.day = day
        self.region = region
        self.product = product
        self.qty = qty
        self.price = price

    def total(self):
        return self.qty * self.price


def generate(n):
    out = []
    seed = 12345
    for day in range(n):
        seed = (seed * 1103515245 + 12345) % 2147483648
        region = REGIONS[seed % 4]
        product = PRODUCTS[(seed // 7) % 3]
        qty = 1 + (seed // 13) % 20
        price = 0.25 * (1 + (seed // 101) % 12)
        out.append(Record(day, region, product, qty, price))
    return out


def write_csv(path, records):
    f = open(path, "w")
    f.write("day,region,product,qty,price\n")
    for r in records:
        f.write("%d,%s,%s,%d,%.2f\n" % (r.day, r.region, r.product, r.qty, r.price))
    f.close()


def read_csv(path):
    f = open(path, "r")
    header = f.readline()
    records = []
    while True:
        line = f.readline()
        if line == "":
            break
        parts = line.strip().split(",")
        records.append(Record(int(parts[0]), parts[1], parts[2], int(parts[3]), float(parts[4])))
    f.close()
    return header.strip().split(","), records


def checksum(path):
    f = open(path)
    total = 0
    chunks = 0
    while True:
        s = f.read(64)
        if not s:
            break
        chunks += 1
        for c in s:
            total = (total * 31 + ord(c)) % 1000000007
    f.close()
    return chunks, total


def main(argv):
    records = generate(200)
    write_csv(PATH, records)
    header, back = read_csv(PATH)
    print(header, len(back), back[0].region, back[-1].day)
    print("chunks/checksum", checksum(PATH))
    totals = {}
    counts = {}
    for r in back:
        key = (r.region, r.product)
        totals[key] = totals.get(key, 0.0) + r.total()
        counts[key] = counts.get(key, 0) + r.qty
    ranking = []
    for key in totals:
        ranking.append((totals[key], key[0], key[1]))
    best = max(ranking)
    worst = min(ranking)
    print("best %s/%s %.2f" % (best[1], best[2], best[0]))
    print("worst %s/%s %.2f" % (worst[1], worst[2], worst[0]))
    print("%-6s %-6s %5s %9s" % ("region", "prod", "qty", "total"))
    grand = 0.0
    for region in REGIONS:
        for product in PRODUCTS:
            key = (region, product)
            if key in totals:
                grand += totals[key]
                print("%-6s %-6s %5d %9.2f" % (region, product, counts[key], totals[key]))
            else:
                print("%-6s %-6s %5s %9s" % (region, product, "-", "-"))
    print("grand total %.2f over %d keys" % (grand, len(totals)))
    above = [k for k in totals if totals[k] > grand / len(totals)]
    print(len(above), above[:3], (("north", "apple") < ("north", "pear")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
