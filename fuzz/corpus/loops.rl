def h(n):
    i = 0
    while i < n:
        if i == 3 and not n or i > 5:
            break
        elif 1 < i <= 4:
            continue
        i += 1
    else:
        i = -1
    for k, v in {1: "a", 2: "b"}.items():
        print(k, v, sep=", ", end="")
    return i if i else 0
