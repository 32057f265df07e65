"""The math functions RL lists (sqrt floor ceil fabs sin cos exp log pow)
on ordinary and edge values, their ValueError ("math domain error") and
OverflowError ("math range error"), and time.time() used only in ways whose
output is deterministic (monotone enough, a plausible epoch, a measured
duration that is not negative)."""
import math
import sys
import time


def show(label, x):
    print("%-10s %r" % (label, x))


def show_ints(label, x):
    print("%-10s %r" % (label, x))


def try_call(name, x):
    try:
        if name == "sqrt":
            return "%r" % math.sqrt(x)
        if name == "log":
            return "%r" % math.log(x)
        if name == "exp":
            return "%r" % math.exp(x)
        return "%r" % math.pow(x, 0.5)
    except ValueError as e:
        return "ValueError(%s)" % str(e)
    except OverflowError as e:
        return "OverflowError(%s)" % str(e)


def newton_sqrt(a):
    x = a
    for i in range(30):
        x = (x + a / x) / 2.0
    return x


def main(argv):
    show("sqrt", [math.sqrt(v) for v in [0.0, 1.0, 2.0, 16.0, 1e100, 0.25]])
    show_ints("floor", [math.floor(v) for v in [2.5, -2.5, 3.0, -0.5, 1e15 + 0.5]])
    show_ints("ceil", [math.ceil(v) for v in [2.5, -2.5, 3.0, -0.5, 7.0]])
    show("fabs", [math.fabs(v) for v in [-3.5, 0.0, 2.0, -1e-300]])
    show("sin", [math.sin(v) for v in [0.0, 1.0, -0.5]])
    show("cos", [math.cos(v) for v in [0.0, 1.0, 3.0]])
    show("exp", [math.exp(v) for v in [0.0, 1.0, -1.0, 10.0]])
    show("log", [math.log(v) for v in [1.0, 2.718281828459045, 10.0, 1e-10]])
    show("pow", [math.pow(2.0, 10.0), math.pow(2.0, -1.0), math.pow(9.0, 0.5), math.pow(10.0, 3)])
    print(math.floor(2.5) + 1, math.ceil(2.5) * 2, isinstance(math.floor(1.5), int))
    print(abs(newton_sqrt(2.0) - math.sqrt(2.0)) < 1e-12, "%.6f" % newton_sqrt(10.0))
    print("%.4f %.4f" % (math.sin(1.0) ** 2 + math.cos(1.0) ** 2, math.exp(math.log(5.0))))
    for name in ["sqrt", "log", "exp", "pow"]:
        print(name, [try_call(name, v) for v in [4.0, -1.0, 0.0, 1000.0]])
    t0 = time.time()
    s = 0
    for i in range(100000):
        s += i % 7
    t1 = time.time()
    print(s, t1 >= t0, t0 > 1500000000.0, t1 - t0 < 60.0, isinstance(t0, float))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
