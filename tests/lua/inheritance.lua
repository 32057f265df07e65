-- a class helper with inheritance chains and super calls
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  c.super = parent
  return c
end
local Shape = class()
function Shape:init(name) self.name = name end
function Shape:area() return 0 end
function Shape:describe() return string.format("%s with area %.2f", self.name, self:area()) end
local Rect = class(Shape)
function Rect:init(w, h) Shape.init(self, "rect"); self.w = w; self.h = h end
function Rect:area() return self.w * self.h end
local Square = class(Rect)
function Square:init(s) Rect.init(self, s, s); self.name = "square" end
local Circle = class(Shape)
function Circle:init(r) self.super.init(self, "circle"); self.r = r end
function Circle:area() return math.pi and 3.14159 * self.r * self.r or 0 end
local shapes = {Rect.new(2, 3), Square.new(4), Circle.new(1), Shape.new("blob")}
local total = 0
for _, s in ipairs(shapes) do
  print(s:describe())
  total = total + s:area()
end
print(string.format("total %.3f", total))
print(Square.super == Rect, Rect.super == Shape, getmetatable(shapes[2]) == Square)
local Account = class()
function Account:init(b) self.balance = b end
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account:withdraw(v)
  if v > self.balance then error("insufficient funds") end
  self.balance = self.balance - v
  return self
end
local acc = Account.new(100)
acc:deposit(50):withdraw(30)
print(acc.balance)
local ok, err = pcall(acc.withdraw, acc, 1000)
print(ok, err)
