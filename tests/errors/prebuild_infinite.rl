n = 0
while n >= 0:
    n = (n + 1) % 10


def main(argv):
    return n
