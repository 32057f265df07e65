-- error, pcall, assert
print(pcall(function() error("boom") end))
print(pcall(function() error("no position", 0) end))
local ok, e = pcall(function() error({code = 42}) end)
print(ok, type(e), e.code)
print(pcall(function() return 1, 2, 3 end))
print(pcall(error))
local function lvl2() error("at caller", 2) end
local ok2, e2 = pcall(function()
  lvl2()   -- the error is reported on this line
end)
print(ok2, e2)
print(pcall(function() local x = nil; return x.y end))
print(select("#", pcall(function() local t = {} ; return t.a.b end)))
local ok3 = pcall(function() return 1 + {} end)
print(ok3)
local ok4 = pcall(function() return #5 end)
print(ok4)
local ok5 = pcall(function() return {} < {} end)
print(ok5)
print(pcall(assert, false, "assert msg"))
print(pcall(assert, 1, 2))
print(pcall(assert, nil))
local ok6, e6 = pcall(function() return 1 // 0 end)
print(ok6, e6)
local ok7, e7 = pcall(function() return 1 % 0 end)
print(ok7, e7)
local depth = 0
local function nested(n)
  if n == 0 then error("deep") end
  depth = depth + 1
  return nested(n - 1)
end
print(pcall(nested, 50), depth)
local r = {pcall(pcall, error, "x")}
print(r[1], r[2], r[3])
print(pcall(function() error() end))
print(pcall(function() error(nil) end))
print(pcall(function() error(42) end))
