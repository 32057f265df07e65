f = lambda x: x
def g():
    yield 1
with open("x") as fh:
    pass
s = {1, 2}
d = {k: 1 for k in s}
g2 = (x for x in s)
h(*s)
h(**d)
a, *b = s
async def k():
    pass
def n():
    nonlocal q
if (w := 3):
    pass
x: int = 3
def t(a: int) -> int:
    return a
raise ValueError from None
