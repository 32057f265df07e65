-- fib: a function trace calling itself unrolls two levels (tests/jit_shapes/run.sh)
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(22))
