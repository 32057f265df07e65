def f(*args):
    return args


def g(a, **kwargs):
    return a


class C(object):
    def target(self, *args):
        return args


def target(driver, *args, **kw):
    return None
