-- list: linked lists built and walked recursively (AWFY)
local N = tonumber(arg and arg[1]) or 1500
local Element = {}
Element.__index = Element
function Element.new(v) return setmetatable({val = v, next = nil}, Element) end
function Element:length()
  if self.next == nil then return 1 end
  return 1 + self.next:length()
end
local function make_list(length)
  if length == 0 then return nil end
  local e = Element.new(length)
  e.next = make_list(length - 1)
  return e
end
local function is_shorter_than(x, y)
  local xt, yt = x, y
  while yt ~= nil do
    if xt == nil then return true end
    xt = xt.next
    yt = yt.next
  end
  return false
end
local function tail(x, y, z)
  if is_shorter_than(y, x) then
    return tail(tail(x.next, y, z), tail(y.next, z, x), tail(z.next, x, y))
  end
  return z
end
local function benchmark()
  return tail(make_list(15), make_list(10), make_list(6)):length()
end
local total = 0
for i = 1, N do total = total + benchmark() end
print("list", total)
