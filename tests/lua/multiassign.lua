-- multiple assignment, multiple returns, varargs, select
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local function mr() return 1, 2, 3 end
local x, y, z, w = mr()
print(x, y, z, w)
local p, q = mr(), 10
print(p, q)
print(mr())
print(mr(), "end")
print((mr()))
local t = {mr()}
print(#t)
local t2 = {mr(), mr()}
print(#t2)
local t3 = {mr(), (mr())}
print(#t3)
local function va(...)
  local n = select("#", ...)
  local s = {...}
  return n, #s, ...
end
print(va())
print(va(1, nil, 3))
print(select(2, va(5, 6)))
local function sum(...)
  local total = 0
  for _, v in ipairs({...}) do total = total + v end
  return total
end
print(sum(1, 2, 3, 4, 5), sum())
local function first(...) local f = ... return f end
print(first(9, 8, 7))
local function pass(...) return ... end
print(pass(1, 2, 3), pass())
print(select(-1, "a", "b", "c"))
local arr = {}
arr[1], arr[2], arr[3] = "x", "y", "z"
print(table.concat(arr))
local i = 1
i, arr[i] = i + 1, "changed"
print(i, arr[1], arr[2])
local function swap(m, n) return n, m end
print(swap(1, 2))
local tt = {}
tt.a, tt.b = swap("A", "B")
print(tt.a, tt.b)
print(string.format("%d %d %d", mr()))
print(math.max(mr()))
