"""Big-number arithmetic on lists of decimal digits (least significant
first): add, subtract, multiply, divide by a small int, compare, power,
factorial, Fibonacci, and digit sums."""
import sys


def from_int(n):
    if n == 0:
        return [0]
    d = []
    while n > 0:
        d.append(n % 10)
        n //= 10
    return d


def from_str(s):
    d = [ord(c) - ord("0") for c in s]
    d.reverse()
    return trim(d)


def trim(d):
    while len(d) > 1 and d[-1] == 0:
        d.pop()
    return d


def to_str(d):
    return "".join([chr(ord("0") + d[i]) for i in range(len(d) - 1, -1, -1)])


def add(a, b):
    out = []
    carry = 0
    for i in range(max(len(a), len(b))):
        s = carry
        if i < len(a):
            s += a[i]
        if i < len(b):
            s += b[i]
        out.append(s % 10)
        carry = s // 10
    if carry:
        out.append(carry)
    return out


def cmp(a, b):
    if len(a) != len(b):
        return -1 if len(a) < len(b) else 1
    i = len(a) - 1
    while i >= 0:
        if a[i] != b[i]:
            return -1 if a[i] < b[i] else 1
        i -= 1
    return 0


def sub(a, b):
    # a >= b
    out = []
    borrow = 0
    for i in range(len(a)):
        s = a[i] - borrow - (b[i] if i < len(b) else 0)
        if s < 0:
            s += 10
            borrow = 1
        else:
            borrow = 0
        out.append(s)
    return trim(out)


def mul(a, b):
    out = [0] * (len(a) + len(b))
    for i in range(len(a)):
        carry = 0
        for j in range(len(b)):
            t = out[i + j] + a[i] * b[j] + carry
            out[i + j] = t % 10
            carry = t // 10
        k = i + len(b)
        while carry:
            t = out[k] + carry
            out[k] = t % 10
            carry = t // 10
            k += 1
    return trim(out)


def divmod_small(a, n):
    out = [0] * len(a)
    rem = 0
    i = len(a) - 1
    while i >= 0:
        cur = rem * 10 + a[i]
        out[i] = cur // n
        rem = cur % n
        i -= 1
    return trim(out), rem


def power(base, e):
    result = [1]
    b = base
    while e > 0:
        if e & 1:
            result = mul(result, b)
        b = mul(b, b)
        e >>= 1
    return result


def factorial(n):
    r = [1]
    for k in range(2, n + 1):
        r = mul(r, from_int(k))
    return r


def fib(n):
    a = [0]
    b = [1]
    for k in range(n):
        a, b = b, add(a, b)
    return a


def main(argv):
    print("2**64   =", to_str(power(from_int(2), 64)))
    print("2**200  =", to_str(power(from_int(2), 200)))
    f50 = factorial(50)
    print("50!     =", to_str(f50))
    print("digits of 100!:", len(factorial(100)), "digit sum:", sum(factorial(100)))
    print("fib(100) =", to_str(fib(100)))
    print("fib(300) =", to_str(fib(300)))
    a = from_str("123456789012345678901234567890")
    b = from_str("987654321098765432109876543210")
    print("a+b =", to_str(add(a, b)))
    print("b-a =", to_str(sub(b, a)))
    print("a*b =", to_str(mul(a, b)))
    q, r = divmod_small(b, 97)
    print("b//97 =", to_str(q), "rem", r)
    print("cmp:", cmp(a, b), cmp(b, a), cmp(a, a[:]))
    print("sub to zero:", to_str(sub(a, a)))
    print("from_str('000123') =", to_str(from_str("000123")))
    # check against small machine ints
    ok = True
    for x in range(0, 2000, 37):
        for y in range(0, 2000, 53):
            if to_str(mul(from_int(x), from_int(y))) != str(x * y):
                ok = False
            if to_str(add(from_int(x), from_int(y))) != str(x + y):
                ok = False
    print("cross-check:", ok)
    # 2**1000 digit sum (Project Euler 16)
    print("digit sum of 2**1000:", sum(power(from_int(2), 1000)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
