def main(argv):
    items = [1, 2]
    items.append("three")
    return len(items)
