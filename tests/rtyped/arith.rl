def f(a, b):
    if b == 0:
        return -1
    return (a * 3 + b) // b % 7


def main(argv):
    n = len(argv)
    total = 0
    for i in range(n):
        total += f(i, n)
    return total
