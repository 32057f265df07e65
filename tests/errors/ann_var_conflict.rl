def main(argv):
    x = 1
    if len(argv) > 1:
        x = "one"
    print(x)
    return 0
