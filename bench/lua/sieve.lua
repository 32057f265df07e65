-- sieve: sieve of Eratosthenes on a boolean array (AWFY)
local N = tonumber(arg and arg[1]) or 2000
local function sieve(flags, size)
  local prime_count = 0
  for i = 2, size do
    if flags[i - 1] then
      prime_count = prime_count + 1
      local k = i + i
      while k <= size do flags[k - 1] = false; k = k + i end
    end
  end
  return prime_count
end
local function benchmark()
  local flags = {}
  for i = 1, 5000 do flags[i] = true end
  return sieve(flags, 5000)
end
local total = 0
for i = 1, N do total = total + benchmark() end
print("sieve", total)
