"""math: sqrt floor ceil fabs sin cos exp log pow, their domain/range
errors (ValueError, OverflowError), and numeric algorithms built on them
(Newton's method, numerical integration, distances)."""
import sys
import math


def newton_sqrt(x):
    g = x / 2.0 if x > 1.0 else 1.0
    for i in range(60):
        g = (g + x / g) / 2.0
    return g


def integrate(n):
    # integral of sin from 0 to pi by Simpson's rule
    a = 0.0
    b = 3.141592653589793
    h = (b - a) / n
    s = math.sin(a) + math.sin(b)
    for i in range(1, n):
        s += (4.0 if i % 2 else 2.0) * math.sin(a + i * h)
    return s * h / 3.0


def main(argv):
    for x in [0.0, 1.0, 2.0, 10.0, 1e-10, 123456.789]:
        print("sqrt(%r) = %r  newton %.12f" % (x, math.sqrt(x), newton_sqrt(x) if x > 0 else 0.0))
    for x in [2.5, -2.5, 3.0, -0.5, 1e15 + 0.5]:
        print(x, math.floor(x), math.ceil(x), math.fabs(x))
    for x in [0.0, 0.5, 1.0, 3.141592653589793]:
        print("%.6f %.6f %.6f" % (math.sin(x), math.cos(x), math.exp(x)))
    print(math.log(1.0), math.log(2.718281828459045), math.log(1024.0) / math.log(2.0))
    print(math.pow(2.0, 10.0), math.pow(2.0, -1.0), math.pow(9.0, 0.5), math.pow(0.0, 0.0))
    print("simpson %.10f" % integrate(100))
    print("dist %.4f" % math.sqrt((3.0 - 0.0) ** 2 + (4.0 - 0.0) ** 2))
    for case in range(6):
        try:
            if case == 0:
                print(math.sqrt(-1.0))
            elif case == 1:
                print(math.log(0.0))
            elif case == 2:
                print(math.log(-1.0))
            elif case == 3:
                print(math.exp(1000.0))
            elif case == 4:
                print(math.pow(10.0, 400.0))
            else:
                print(math.pow(-8.0, 1.0 / 3.0))
        except ValueError as e:
            print(case, "ValueError:", str(e))
        except OverflowError as e:
            print(case, "OverflowError:", str(e))
    print(math.floor(-0.0), math.ceil(-0.5), int(math.floor(7.9)) + 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
