-- json: build a document, serialize it to a string and parse it back
local N = tonumber(arg and arg[1]) or 12
local function encode(v, out)
  local t = type(v)
  if t == "table" then
    if v[1] ~= nil then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out)
      end
      out[#out + 1] = "]"
    else
      out[#out + 1] = "{"
      local first = true
      for _, k in ipairs(v.__keys) do
        if not first then out[#out + 1] = "," end
        first = false
        out[#out + 1] = '"' .. k .. '":'
        encode(v[k], out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = '"' .. v .. '"'
  else
    out[#out + 1] = tostring(v)
  end
end
local function obj(...)
  local o = {__keys = {}}
  local args = {...}
  for i = 1, #args, 2 do o.__keys[#o.__keys + 1] = args[i]; o[args[i]] = args[i + 1] end
  return o
end
local function parse(s)
  local pos = 1
  local byte, sub = string.byte, string.sub
  local value
  local function ws()
    local c = byte(s, pos)
    while c == 32 or c == 10 do pos = pos + 1; c = byte(s, pos) end
  end
  function value()
    ws()
    local c = byte(s, pos)
    if c == 123 then -- {
      pos = pos + 1
      local o = {__keys = {}}
      ws()
      if byte(s, pos) == 125 then pos = pos + 1 return o end
      while true do
        local k = value()
        ws(); pos = pos + 1 -- :
        o.__keys[#o.__keys + 1] = k
        o[k] = value()
        ws()
        local d = byte(s, pos); pos = pos + 1
        if d == 125 then return o end
      end
    elseif c == 91 then -- [
      pos = pos + 1
      local a = {}
      ws()
      if byte(s, pos) == 93 then pos = pos + 1 return a end
      while true do
        a[#a + 1] = value()
        ws()
        local d = byte(s, pos); pos = pos + 1
        if d == 93 then return a end
      end
    elseif c == 34 then -- "
      local start = pos + 1
      pos = start
      while byte(s, pos) ~= 34 do pos = pos + 1 end
      pos = pos + 1
      return sub(s, start, pos - 2)
    elseif c == 116 then pos = pos + 4 return true
    elseif c == 102 then pos = pos + 5 return false
    else
      local start = pos
      c = byte(s, pos)
      while c and (c == 45 or c == 46 or (c >= 48 and c <= 57) or c == 101) do pos = pos + 1; c = byte(s, pos) end
      return tonumber(sub(s, start, pos - 1))
    end
  end
  return value()
end
local items = {}
for i = 1, 2000 do
  items[i] = obj("id", i, "name", "item" .. i, "price", i * 0.25 + 0.125, "tags", {"a" .. (i % 7), "b" .. (i % 11)},
                 "active", i % 3 == 0)
end
local doc = obj("count", #items, "items", items)
local total_len, total_price = 0, 0
for r = 1, N do
  local out = {}
  encode(doc, out)
  local s = table.concat(out)
  total_len = total_len + #s
  local back = parse(s)
  for _, it in ipairs(back.items) do total_price = total_price + it.price end
end
print("json", total_len, string.format("%.2f", total_price))
