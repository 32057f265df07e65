def ret(l):
    try:
        return l[0]
    finally:
        l.append(1)


def loop(l):
    for x in l:
        try:
            if x == 0:
                continue
            if x < 0:
                break
            l.append(x)
        finally:
            print(x)
    return l


def full(d, k):
    try:
        v = d[k]
    except KeyError:
        v = None
    else:
        v = v + 1
    finally:
        d.clear()
    return v
