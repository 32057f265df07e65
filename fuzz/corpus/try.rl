def g(l, d):
    try:
        v = l[0] // d["k"]
    except (IndexError, KeyError) as e:
        raise ValueError(str(e))
    except ZeroDivisionError:
        return -1
    else:
        v += 1
    finally:
        l.append(0)
    return v
