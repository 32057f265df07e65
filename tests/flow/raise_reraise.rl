class MyError(Exception):
    pass


def check(x):
    if x < 0:
        raise ValueError("negative")
    if x == 0:
        raise MyError
    if x == 1:
        raise KeyError
    return x


def rethrow(f, e):
    try:
        f()
    except MyError:
        raise
    except Exception as err:
        raise e
    return 0


def nested(f, g):
    try:
        try:
            f()
        except KeyError:
            g()
    except Exception:
        return 1
    return 0


def asserts(x, msg):
    assert x
    assert x > 1, msg
    return x
