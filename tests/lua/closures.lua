-- closures and upvalues
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2())
local fns = {}
for i = 1, 3 do fns[i] = function() return i end end
print(fns[1](), fns[2](), fns[3]())
local gs = {}
local j = 1
while j <= 3 do
  local k = j
  gs[j] = function() return k * 10 end
  j = j + 1
end
print(gs[1](), gs[2](), gs[3]())
local function adder(x) return function(y) return x + y end end
local add5 = adder(5)
print(add5(1), adder(10)(20))
local function shared()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  return get, set
end
local get, set = shared()
set(42)
print(get())
local function outer()
  local a = 1
  local function mid()
    local function inner() a = a + 1; return a end
    return inner
  end
  return mid()
end
local f = outer()
print(f(), f())
local acc = {}
for _, name in ipairs({"x", "y"}) do
  acc[#acc + 1] = function() return name end
end
print(acc[1](), acc[2]())
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20))
local memo = {}
local function mfib(n)
  if n < 2 then return n end
  if memo[n] then return memo[n] end
  local r = mfib(n - 1) + mfib(n - 2)
  memo[n] = r
  return r
end
print(mfib(80))
