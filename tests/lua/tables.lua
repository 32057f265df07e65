-- tables: array part, hash part, length, insert/remove
local t = {10, 20, 30, x = 1, ["y z"] = 2, [5] = 50}
print(#t, t[1], t[3], t.x, t["y z"], t[5], t[4])
t[4] = 40
print(#t, t[5])
t[#t + 1] = 60
print(#t, t[6])
t[#t] = nil
print(#t)
local a = {}
for i = 1, 10 do table.insert(a, i * 2) end
print(#a, a[1], a[10])
table.insert(a, 1, 0)
print(#a, a[1], a[2], a[11])
print(table.remove(a), #a, table.remove(a, 1), #a, a[1])
print(table.concat(a, " "))
local m = {}
m[1.0] = "one"; m[2] = "two"
print(m[1], m[2.0], #m)
local k = {}
m[k] = "table key"
print(m[k], m[{}])
m[true] = "yes"
print(m[true], m[false])
local nested = {a = {b = {c = 42}}}
print(nested.a.b.c)
nested.a.b.c = nested.a.b.c + 1
print(nested["a"]["b"]["c"])
local arr = {}
for i = 1, 5 do arr[i] = i end
arr[3] = nil
print(arr[2], arr[3], arr[4])
local cnt = 0
for k, v in pairs({1, 2, 3, 4, 5}) do cnt = cnt + v end
print(cnt)
local keys = {}
for k in pairs({alpha = 1, beta = 2, gamma = 3, delta = 4}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
local un = {table.unpack({1, 2, 3})}
print(#un, select("#", table.unpack({1, 2, 3})), select(2, "a", "b", "c"))
print(next({}), type(next({1})))
print(rawget(t, 1), rawlen({1, 2}), rawequal(t, t))
