-- A function whose body loops, called (and inlined) from a hot loop, and
-- a recursive parser whose strings are scanned by an inner loop: traces
-- call the callee's loop (call_assembler) at its loop header instead of
-- unrolling it until the trace is too long.
local byte = string.byte
local function skip(s, pos, c)
  while byte(s, pos) ~= c do pos = pos + 1 end
  return pos
end
local function value(s, pos)
  local c = byte(s, pos)
  if c == 91 then  -- [
    local n = 0
    pos = pos + 1
    while byte(s, pos) ~= 93 do
      local k
      k, pos = value(s, pos)
      n = n + k
    end
    return n, pos + 1
  end
  local e = skip(s, pos + 1, 34)
  return e - pos - 1, e + 1
end
local parts = {}
for i = 1, 40 do
  local w = string.rep("x", i % 13)
  parts[#parts + 1] = '"' .. w .. '"'
  if i % 5 == 0 then parts[#parts + 1] = '["ab"' .. '"' .. w .. w .. '"]' end
end
local doc = "[" .. table.concat(parts) .. "]"
local total = 0
for r = 1, 3000 do
  local n = value(doc, 1)
  total = total + n
end
print(total)
