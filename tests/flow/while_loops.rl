def count(n):
    i = 0
    total = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        if total > 100:
            break
        total += i
    else:
        total = -1
    return total


def forever(items):
    while True:
        x = items.pop()
        if x:
            break
    return x


def spin():
    while 1:
        pass
