-- a loop calling a small Lua function and a method reading a table's
-- fields: the calls are inlined into the loop's trace (their frames,
-- argument boxes and results virtual) and the fields found through the
-- table's map, so the body keeps no call, no allocation and no access to
-- a frame's list
local function sq(x) return x * x + 1 end
local P = {}
P.__index = P
function P:norm() return self.x * self.x + self.y * self.y end
local function f(n)
  local p = setmetatable({x = 3, y = 4}, P)
  local acc = 0
  local i = 0
  while i < n do
    acc = (acc + sq(i) + p:norm()) % 1000003
    i = i + 1
  end
  return acc
end
print(f(100000))
