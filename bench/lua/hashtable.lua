-- hashtable: string and integer keys, inserts, lookups, deletes, counting
local N = tonumber(arg and arg[1]) or 150000
local t = {}
for i = 1, N do t["k" .. i] = i end
local sum = 0
for r = 1, 4 do
  for i = 1, N, 3 do sum = sum + (t["k" .. i] or 0) end
end
for i = 1, N, 2 do t["k" .. i] = nil end
local count = 0
for k, v in pairs(t) do count = count + 1 end
local ints = {}
for i = 1, N do ints[(i * 7919) % 1000003] = i end
local isum = 0
for i = 1, N do isum = isum + (ints[(i * 7919) % 1000003] or 0) end
local words = {}
for i = 1, N do
  local w = "w" .. (i % 997)
  words[w] = (words[w] or 0) + 1
end
local wc = 0
for k, v in pairs(words) do wc = wc + v end
print("hashtable", sum, count, isum, wc)
