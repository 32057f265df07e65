-- a float loop in the Lua interpreter: its body must keep no allocation,
-- no access to the frame's list and no call (the stack pointer is
-- promoted, the slots are carried, the boxes unboxed)
local function f(n)
  local acc, x = 0.0, 1.5
  local i = 0
  while i < n do
    acc = acc * 0.5 + x
    i = i + 1
  end
  return acc
end
print(f(100000))
