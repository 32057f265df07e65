counter = 0


def f(a, b=2, c="x"):
    return a


def bump(n=1):
    global counter
    counter += n
    return counter


def calls(o):
    f(1)
    f(1, c="y")
    f(a=1, b=2, c=3)
    o.method(1, key=o)
    print("a", "b", sep=",", end="")
    return bump() + counter


def nested_def(x):
    def helper(y, z=x):
        return y + counter
    return helper(x)
