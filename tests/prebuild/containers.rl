# Lists, dicts and tuples at translation time, with aliasing.
a = [1, 2, 3]
b = a
b.append(4)
shared = [a, a]
d = {"x": 1, "y": 2}
d["z"] = 3
del d["x"]
d["x"] = 0
t = (1, "two", 3.0)
r = []
r.append(a)
r.append(a[-1])
r.append(a[1:])
r.append(a[:-1])
r.append(a[-100:100])
r.append(a[3:1])
c = a[:]
c[0] = 99
r.append(a[0])
a2 = list(a)
a2.insert(0, 0)
a2.insert(-1, 7)
a2.insert(100, 8)
r.append(a2)
r.append(a2.pop())
r.append(a2.pop(0))
r.append(a2.index(7))
a2.remove(7)
a2.extend((5, 6))
a2.reverse()
r.append(a2)
a2.sort()
r.append(a2)
a2[1:3] = ["x"]
r.append(a2)
del a2[0]
del a2[-2:]
r.append(a2)
r.append([1, 2] + [3])
r.append([0] * 3)
r.append([1, 2].count(1))
r.append(list(d.keys()))
r.append(list(d.values()))
r.append(list(d.items()))
r.append(d.get("q", "dflt"))
r.append(d.setdefault("w", []))
r.append(d.pop("w"))
r.append(len(d))
r.append("y" in d)
r.append(sorted(d))
e = d.copy()
e.update({"y": 20})
r.append(e)
r.append(d)
r.append(t[1])
r.append(t + (4,))
r.append((1, 2) < (1, 3))
r.append([1, 2] == [1, 2])
r.append({1: "a"} == {1: "a"})
r.append(dict([(1, 2), (3, 4)]))
r.append({1: "int", 1.0: "float", True: "bool"})
r.append({(1, 2): "tuple"}[(1, 2)])
r.append([x * x for x in range(5) if x % 2 == 0])
r.append([(i, c) for i, c in enumerate("ab")])
r.append(list(zip([1, 2, 3], "ab")))
r.append(list(reversed([1, 2, 3])))
r.append(list(range(10, 0, -3)))
r.append(len(range(0, 10, 3)))
r.append(tuple([1]))
r.append(max("abc"))
errs = []
try:
    d["nope"]
except KeyError as ex:
    errs.append(str(ex))
try:
    [][0]
except IndexError as ex:
    errs.append(str(ex))
try:
    for k in d:
        d[k + "!"] = 1
except RuntimeError as ex:
    errs.append(str(ex))
try:
    [].pop()
except IndexError as ex:
    errs.append(str(ex))
try:
    {}[[1]] = 2
except TypeError as ex:
    errs.append(str(ex))
r.append(errs)
items = [1, 2, 3]
for it in items:
    if it < 3:
        items.append(it + 10)
r.append(items)
ra, rb = range(2)
r.append((ra, rb, range(10, 0, -3)[2], range(5)[-1], len(range(3, 9, 2))))
