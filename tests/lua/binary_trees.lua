-- binary trees: allocation, recursion, checksums
local function make(d)
  if d == 0 then return {} end
  d = d - 1
  return {make(d), make(d)}
end
local function check(t)
  if t[1] then return 1 + check(t[1]) + check(t[2]) end
  return 1
end
local maxd = 8
local long = make(maxd)
for d = 4, maxd, 2 do
  local iters = 1 << (maxd - d + 4)
  local c = 0
  for i = 1, iters do c = c + check(make(d)) end
  print(iters, d, c)
end
print("long lived", check(long))
local Node = {}
Node.__index = Node
function Node.new(v) return setmetatable({value = v, left = nil, right = nil}, Node) end
function Node:insert(v)
  if v < self.value then
    if self.left then self.left:insert(v) else self.left = Node.new(v) end
  else
    if self.right then self.right:insert(v) else self.right = Node.new(v) end
  end
end
function Node:inorder(out)
  if self.left then self.left:inorder(out) end
  out[#out + 1] = self.value
  if self.right then self.right:inorder(out) end
  return out
end
function Node:height()
  local l = self.left and self.left:height() or 0
  local r = self.right and self.right:height() or 0
  return 1 + math.max(l, r)
end
local root = Node.new(50)
local x = 7
for i = 1, 200 do x = (x * 37 + 11) % 101; root:insert(x) end
local out = root:inorder({})
print(#out, out[1], out[#out], root:height())
