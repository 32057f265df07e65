-- key 0 (0-based code's first index): reads, writes, nil, length,
-- traversal, and float 0 / -0 as the same key; in loops hot enough to
-- be traced

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) < type(b)
  end)
  return table.concat(ks, " ")
end

local t = {}
print(t[0], #t, next(t))
t[0] = "zero"
print(t[0], #t, sorted_keys(t))
t[1], t[2] = "one", "two"
print(t[0], #t, sorted_keys(t))
t[0.0] = "float zero"
print(t[0], t[-0.0], #t)
t[-1] = "minus one"
print(sorted_keys(t))
t[0] = nil
print(t[0], #t, sorted_keys(t))
t[0] = false
print(t[0], sorted_keys(t))

-- 0-based arrays, hot
local sum = 0
for round = 1, 2000 do
  local a = {}
  for i = 0, 9 do a[i] = i * round end
  for i = 0, 9 do sum = sum + a[i] end
  a[0] = nil
  if a[0] ~= nil then sum = -1 end
end
print("sum", sum)

local counts = {}
for i = 1, 5000 do
  local k = i % 3 - 1   -- -1, 0, 1
  counts[k] = (counts[k] or 0) + 1
end
print(counts[-1], counts[0], counts[1], sorted_keys(counts))
