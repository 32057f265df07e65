-- prime sieve, prime factorization, perfect numbers
local function sieve(n)
  local is = {}
  for i = 2, n do is[i] = true end
  for i = 2, n do
    if is[i] then
      for j = i * i, n, i do is[j] = false end
    end
  end
  local primes = {}
  for i = 2, n do if is[i] then primes[#primes + 1] = i end end
  return primes
end
local p = sieve(3000)
print(#p, p[1], p[100], p[#p])
local function factor(n)
  local fs = {}
  local d = 2
  while d * d <= n do
    while n % d == 0 do fs[#fs + 1] = d; n = n // d end
    d = d + 1
  end
  if n > 1 then fs[#fs + 1] = n end
  return table.concat(fs, "*")
end
print(factor(360), factor(97), factor(1234567890), factor(2 ^ 40 // 1))
local perfect = {}
for n = 2, 2000 do
  local s = 1
  for d = 2, math.floor(math.sqrt(n)) do
    if n % d == 0 then
      s = s + d
      if d ~= n // d then s = s + n // d end
    end
  end
  if s == n then perfect[#perfect + 1] = n end
end
print(table.concat(perfect, " "))
