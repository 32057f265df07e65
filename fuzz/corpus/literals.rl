s = "a\tb\x41\101" + r"\n" + """tri
ple""" + 'q'
n = 0x_ff + 0o17 + 0b1010 + 1_000 + 1.5e-3 + .5
t = (1,) + ()
x = s[1:] + s[:-1] + s[:]
del d[1], l[2:3]
assert n, "msg"
