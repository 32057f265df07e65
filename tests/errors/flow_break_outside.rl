def f(x):
    if x:
        break
    while x:
        x -= 1
    continue
