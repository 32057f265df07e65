-- storage: a tree of arrays, allocation-heavy (AWFY)
local N = tonumber(arg and arg[1]) or 200
local seed
local function next_random() seed = ((seed * 1309) + 13849) % 65536; return seed end
local count
local function build_tree_depth(depth)
  count = count + 1
  if depth == 1 then
    local a = {}
    local n = next_random() % 10 + 1
    for i = 1, n do a[i] = 0 end
    return a
  end
  local arr = {}
  for i = 1, 4 do arr[i] = build_tree_depth(depth - 1) end
  return arr
end
local function benchmark()
  seed = 74755
  count = 0
  build_tree_depth(7)
  return count
end
local total = 0
for i = 1, N do total = total + benchmark() end
print("storage", total)
