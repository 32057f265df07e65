def parse(s):
    try:
        n = int(s)
    except ValueError as e:
        print(str(e))
        n = 0
    except (KeyError, IndexError):
        n = 1
    else:
        n += 1
    return n


def catch_all(f):
    try:
        r = f()
    except:
        r = None
    return r


def no_raise(x):
    try:
        y = x
    except ValueError:
        y = 0
    return y
