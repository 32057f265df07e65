-- sorting algorithms on a pseudo-random array
local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end
local function make(n) local t = {} for i = 1, n do t[i] = rand(1000) end return t end
local function check(t) for i = 2, #t do if t[i - 1] > t[i] then return false end end return true end
local function bubble(t)
  local n = #t
  for i = 1, n do
    for j = 1, n - i do
      if t[j] > t[j + 1] then t[j], t[j + 1] = t[j + 1], t[j] end
    end
  end
end
local function quick(t, lo, hi)
  if lo >= hi then return end
  local p = t[(lo + hi) // 2]
  local i, j = lo, hi
  while i <= j do
    while t[i] < p do i = i + 1 end
    while t[j] > p do j = j - 1 end
    if i <= j then t[i], t[j] = t[j], t[i]; i = i + 1; j = j - 1 end
  end
  quick(t, lo, j)
  quick(t, i, hi)
end
local function insertion(t)
  for i = 2, #t do
    local v = t[i]
    local j = i - 1
    while j >= 1 and t[j] > v do t[j + 1] = t[j]; j = j - 1 end
    t[j + 1] = v
  end
end
local function merge_sort(t)
  if #t <= 1 then return t end
  local mid = #t // 2
  local l, r = {}, {}
  for i = 1, mid do l[#l + 1] = t[i] end
  for i = mid + 1, #t do r[#r + 1] = t[i] end
  l, r = merge_sort(l), merge_sort(r)
  local res, i, j = {}, 1, 1
  while i <= #l and j <= #r do
    if l[i] <= r[j] then res[#res + 1] = l[i]; i = i + 1 else res[#res + 1] = r[j]; j = j + 1 end
  end
  while i <= #l do res[#res + 1] = l[i]; i = i + 1 end
  while j <= #r do res[#res + 1] = r[j]; j = j + 1 end
  return res
end
local a = make(200); bubble(a); print("bubble", check(a), a[1], a[200])
local b = make(2000); quick(b, 1, #b); print("quick", check(b), b[1], b[2000])
local c = make(300); insertion(c); print("insertion", check(c), c[150])
local d = merge_sort(make(1000)); print("merge", check(d), #d, d[500])
local e = make(500); table.sort(e); print("table.sort", check(e), e[1], e[500])
local f = make(100); table.sort(f, function(x, y) return x > y end); print("desc", f[1] >= f[100])
local words = {"pear", "apple", "fig", "banana", "cherry"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(x, y) return #x < #y or (#x == #y and x < y) end)
print(table.concat(words, " "))
