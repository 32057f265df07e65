def exprs(a, b, c, d, e, f, g, h, s, l):
    x = -2 ** 2 + 2 ** -1 - a * b / c // d % e
    x = a | b ^ c & d << e >> f
    x = ~a
    x = not a or b and not c
    x = a < b <= c != d is e is not f in g not in h
    x = a if b else c if d else e
    x = -9223372036854775808, 9223372036854775807, 0xffffffffffffffff
    x = 0o777, 0b101, 1_000, 1.5, .5, 1e10, 1.25e-7, 1e16
    x = 'a' "b" '''c
d''' r'\n' '\x00\xff\t\\' "it's" 'caf\xe9'
    x = [], [1, 2,], (), (1,), (1), {}, {1: 'a', 2: 'b',}
    x = [i * j for i in range(3) if i for j in l if j if i]
    x = s[1], s[1:], s[:2], s[1:2], s[:]
    x = str(a).join([b]).split()[0]
    x = "%s: %d" % (a, b)
    x = (a
         + b)
    return x
