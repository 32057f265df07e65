-- varargs in depth
local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(1, 2, 3))
local function tail(first, ...) return ... end
print(tail(1, 2, 3), tail(1))
local function pack(...) return {n = select("#", ...), ...} end
local p = pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
local function apply(f, ...) return f(...) end
print(apply(math.max, 4, 9, 2), apply(string.rep, "ab", 2))
local function varsum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(varsum(1, 2, 3, 4))
local function forward(...) local a, b = ... return b, a end
print(forward("x", "y", "z"))
local t = {n = 0}
local function push(...) for _, v in ipairs({...}) do t.n = t.n + 1; t[t.n] = v end end
push(1, 2); push(3); push()
print(t.n, table.concat(t, ","))
print(string.format("%s %s %s", tail(0, "a", "b", "c")))
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 end
print(select("#", many()), (select(10, many())))
local unpack = table.unpack
print(unpack({1, 2, 3}, 2), unpack({1, 2, 3}, 2, 3))
