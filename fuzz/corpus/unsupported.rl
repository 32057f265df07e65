lambda x: x
yield 1
with a as b: pass
x = {1, 2}
async def f(): pass
f(*a, **k)
nonlocal q
(y := 3)
