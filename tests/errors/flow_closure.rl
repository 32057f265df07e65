def outer(n):
    def inner(k):
        return k + n
    return inner(1)


def fine():
    def inner2(k):
        return k
    return inner2
