-- every kind of loop
local s = 0
for i = 1, 10 do s = s + i end
print(s)
for i = 10, 1, -3 do io.write(i, " ") end
print()
for i = 1, 0 do print("never") end
for x = 0.0, 1.0, 0.25 do io.write(x, " ") end
print()
for x = 1, 2, 0.5 do io.write(x, " ") end
print()
for i = 3, 1 do print("no") end
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end
print()
for i = 1, 3.5 do io.write(i, " ") end
print()
local n = 0
while n < 5 do n = n + 1 end
print(n)
local m = 0
repeat m = m + 2 until m >= 7
print(m)
repeat local done = true until done
local w = 0
while true do
  w = w + 1
  if w > 100 then break end
end
print(w)
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    io.write(i, ":", j, " ")
  end
end
print()
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
local t = {"a", "b", "c"}
for i, v in ipairs(t) do io.write(i, "=", v, " ") end
print()
local sum = 0
for _, v in pairs({5, 6, 7}) do sum = sum + v end
print(sum)
local function range(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
for v in range(4) do io.write(v, " ") end
print()
local function iter(t, i)
  i = i + 1
  if t[i] then return i, t[i] end
end
for i, v in iter, {"x", "y"}, 0 do io.write(i, v, " ") end
print()
local k = 10
for k = 1, 2 do end
print(k)
local i = 1
while i < 1000 do i = i * 2 end
print(i)
