-- permute: recursive permutation generation (AWFY)
local N = tonumber(arg and arg[1]) or 600
local count, v
local function swap(i, j) local tmp = v[i]; v[i] = v[j]; v[j] = tmp end
local function permute(n)
  count = count + 1
  if n ~= 0 then
    local n1 = n - 1
    permute(n1)
    for i = n1, 0, -1 do
      swap(n1, i)
      permute(n1)
      swap(n1, i)
    end
  end
end
local function benchmark()
  count = 0
  v = {[0] = 0, 0, 0, 0, 0, 0}
  permute(6)
  return count
end
local total = 0
for i = 1, N do total = total + benchmark() end
print("permute", total)
