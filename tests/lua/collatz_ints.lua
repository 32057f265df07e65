-- integer loops: collatz, digit sums, integer overflow wrapping, bit tricks
local best, bestn = 0, 0
for n = 1, 1000 do
  local steps, x = 0, n
  while x ~= 1 do
    if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
    steps = steps + 1
  end
  if steps > best then best, bestn = steps, n end
end
print(bestn, best)
local function digitsum(n) local s = 0 while n > 0 do s = s + n % 10; n = n // 10 end return s end
print(digitsum(123456789), digitsum(2^31 // 1))
local h = 0
for i = 1, 1000 do h = h * 31 + i end
print(h)
local x = math.maxinteger
print(x + 1 == math.mininteger, x * 2, math.mininteger // -1, math.mininteger % -1)
local function popcount(v) local c = 0 while v ~= 0 do v = v & (v - 1); c = c + 1 end return c end
print(popcount(255), popcount(0x5555), popcount(-1))
print(1 << 63, (1 << 63) - 1, -1 >> 1, 3 << -1, 7 >> 64)
local fib = {1, 1}
for i = 3, 92 do fib[i] = fib[i - 1] + fib[i - 2] end
print(fib[50], fib[92], fib[92] + fib[91])
