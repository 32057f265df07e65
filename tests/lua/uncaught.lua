-- an uncaught error: the output so far, then the message on stderr and exit status 1
print("before")
local t = setmetatable({}, {__index = function(t, k) return k * 2 end})
print(t[21])
local function fail(x) error("fatal: " .. x) end
fail("stop")
print("never printed")
