-- goto, nested blocks and scoping
do
  local x = 1
  do local x = 2; print(x) end
  print(x)
end
local i = 1
::top::
if i <= 3 then
  io.write(i, " ")
  i = i + 1
  goto top
end
print()
for a = 1, 3 do
  for b = 1, 3 do
    if b == a then goto next_a end
    io.write(a, b, " ")
  end
  ::next_a::
end
print()
local n = 0
while true do
  n = n + 1
  if n < 5 then goto continue end
  break
  ::continue::
end
print(n)
local v = 10
if v > 5 then
  local v = v * 2
  print(v)
elseif v > 0 then
  print("small")
else
  print("neg")
end
print(v)
local grade = function(s)
  if s >= 90 then return "A" elseif s >= 80 then return "B" elseif s >= 70 then return "C" else return "F" end
end
print(grade(95), grade(85), grade(72), grade(10))
print(1 and 2, nil and 1, false or "x", nil or false, 1 or error("no"), not nil, not 0)
local z = nil
print(z == nil and "nil!" or "not nil")
