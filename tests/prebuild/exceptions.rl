# raise, try/except/else/finally, user exception classes.
class MyError(Exception):
    pass


class CodeError(MyError):
    def __init__(self, code):
        MyError.__init__(self, "code %d" % code)
        self.code = code


class Silent(Exception):
    def __init__(self, x):
        self.x = x


log = []


def check(x):
    if x < 0:
        raise ValueError("negative")
    if x == 0:
        raise MyError
    if x == 1:
        raise CodeError(7)
    if x == 2:
        raise KeyError("k")
    if x == 3:
        return {}[(1, 2)]
    if x == 4:
        raise Silent(4)
    return x


for i in range(-1, 7):
    try:
        log.append(check(i))
    except CodeError as e:
        log.append("code:" + str(e) + ":" + str(e.code))
    except MyError as e:
        log.append("my:" + str(e))
    except (KeyError, IndexError) as e:
        log.append("lookup:" + str(e))
    except Exception as e:
        log.append("exc:" + str(e))
    else:
        log.append("else")
    finally:
        log.append("fin")


def nested():
    try:
        try:
            raise IndexError("inner")
        finally:
            log.append("inner finally")
    except LookupError as e:
        return "caught " + str(e)


log.append(nested())


def reraise():
    try:
        check(-5)
    except ValueError:
        raise


try:
    reraise()
except ValueError as e:
    log.append("reraised " + str(e))

try:
    assert 1 > 2, "assert msg"
except AssertionError as e:
    log.append(str(e))
r = log
