-- classes with metatables and __index, inheritance, metamethods
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound)
  local self = setmetatable({}, Animal)
  self.name = name
  self.sound = sound
  return self
end
function Animal:speak() return self.name .. " says " .. self.sound end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name)
  local self = Animal.new(name, "woof")
  return setmetatable(self, Dog)
end
function Dog:fetch() return self.name .. " fetches" end
local a = Animal.new("cat", "meow")
local d = Dog.new("rex")
print(a:speak(), d:speak(), d:fetch())
print(getmetatable(d) == Dog, getmetatable(a) == Animal, rawget(d, "speak"))
local V = {}
V.__index = V
V.__add = function(p, q) return V.new(p.x + q.x, p.y + q.y) end
V.__eq = function(p, q) return p.x == q.x and p.y == q.y end
V.__tostring = function(p) return "(" .. p.x .. "," .. p.y .. ")" end
V.__lt = function(p, q) return p.x < q.x end
V.__le = function(p, q) return p.x <= q.x end
V.__len = function(p) return 2 end
V.__unm = function(p) return V.new(-p.x, -p.y) end
V.__concat = function(p, q) return tostring(p) .. tostring(q) end
V.__call = function(p, k) return p.x * k end
function V.new(x, y) return setmetatable({x = x, y = y}, V) end
local p, q = V.new(1, 2), V.new(3, 4)
print(tostring(p + q), p == V.new(1, 2), p ~= q, p < q, q <= p, #p, tostring(-p))
print(p .. q, p(10))
local defaults = setmetatable({}, {__index = function(t, k) return k .. "!" end})
print(defaults.foo, defaults[1])
local log = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2); log[#log + 1] = k end})
proxy.a = 5
proxy.a = 7
print(proxy.a, #log)
local Stack = {}
Stack.__index = Stack
function Stack.new() return setmetatable({items = {}, n = 0}, Stack) end
function Stack:push(v) self.n = self.n + 1; self.items[self.n] = v end
function Stack:pop() local v = self.items[self.n]; self.items[self.n] = nil; self.n = self.n - 1; return v end
local s = Stack.new()
for i = 1, 5 do s:push(i * i) end
print(s:pop(), s:pop(), s.n)
