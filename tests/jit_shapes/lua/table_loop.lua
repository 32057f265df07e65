-- a loop storing into a table in the Lua interpreter (calls=1): the store is a call
-- that leaves the frame alone (novable), so the body keeps that one call
-- and neither an allocation nor an access to the frame's list
local function fill(t, n)
  local k = 1
  while k <= n do
    t[k] = false
    k = k + 1
  end
end
local t = {}
fill(t, 100000)
print(#t)
