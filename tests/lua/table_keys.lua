-- tables, functions, booleans and non-integral floats as table keys:
-- many of them (a set of tables), lookups, overwrites, removals, and
-- traversal removing entries as it goes

local set, objs = {}, {}
for i = 1, 3000 do
  local o = {i}
  objs[i] = o
  set[o] = i
  local junk = {i, i + 1}   -- garbage between the keys
end
local n, sum = 0, 0
for k, v in pairs(set) do n = n + 1; sum = sum + v + k[1] end
print("set", n, sum)
for i = 1, 3000, 2 do set[objs[i]] = nil end
n, sum = 0, 0
for k, v in pairs(set) do n = n + 1; sum = sum + v end
print("after removals", n, sum, set[objs[1]], set[objs[2]])
for i = 1, 3000, 4 do set[objs[i]] = -i end
n, sum = 0, 0
for k, v in pairs(set) do n = n + 1; sum = sum + v end
print("re-added", n, sum, set[objs[1]], set[objs[3]], set[objs[5]])
print("absent", set[{}], set[print], set[true])

-- removing entries during a traversal (allowed by Lua for existing keys)
local t = {}
for i = 1, 200 do t[objs[i]] = i end
local seen = 0
for k, v in pairs(t) do
  seen = seen + 1
  t[k] = nil
end
local left = 0
for _ in pairs(t) do left = left + 1 end
print("cleared", seen, left)

-- functions and booleans
local f1 = function() return 1 end
local f2 = function() return 2 end
local ft = {[f1] = "one", [f2] = "two", [print] = "print"}
ft[true] = "yes"
ft[false] = "no"
print(ft[f1], ft[f2], ft[print], ft[true], ft[false], ft[1 == 1], ft[1 == 2])
ft[f1] = nil
ft[false] = nil
print(ft[f1], ft[f2], ft[false], ft[true])
local count = 0
for k, v in pairs(ft) do count = count + 1 end
print("ft entries", count)

-- floats: non-integral ones are their own keys, integral ones are ints
local fl = {}
fl[0.5] = "half"
fl[1.5] = "one and a half"
fl[-2.25] = "minus"
fl[math.huge] = "inf"
fl[-math.huge] = "-inf"
fl[2.0] = "two"
local h = 1 / 2
print(fl[h], fl[3 / 2], fl[-9 / 4], fl[1 / 0], fl[-1 / 0], fl[2], fl[4 / 2])
fl[0.5] = nil
print(fl[0.5], fl[1.5])
fl[0.1 + 0.2] = "sum"
print(fl[0.3], fl[0.1 + 0.2])
local nf = 0
for k, v in pairs(fl) do nf = nf + 1 end
print("float entries", nf)
print(pcall(function() fl[0 / 0] = 1 end))

-- tables as keys of tables used as keys
local outer = {}
for i = 1, 50 do
  local inner = {}
  inner[objs[i]] = i
  outer[inner] = objs[i]
end
local total = 0
for inner, o in pairs(outer) do total = total + inner[o] end
print("nested", total)
