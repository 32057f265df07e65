def loops(l, d, s):
    acc = 0
    for x in l:
        acc += x
    for i in range(10):
        if i == 5:
            break
        acc -= i
    else:
        acc = 0
    for k in d:
        acc += d[k]
    for c in s:
        if c == "a":
            continue
        acc += 1
    for i, x in enumerate(l):
        acc += i * x
    for k, v in d.items():
        acc += v
    return acc
