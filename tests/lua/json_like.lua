-- a small JSON encoder and parser
local function encode(v, out)
  local t = type(v)
  if t == "table" then
    if #v > 0 then
      out[#out + 1] = "["
      for i, x in ipairs(v) do
        if i > 1 then out[#out + 1] = "," end
        encode(x, out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = string.format("%q", k)
        out[#out + 1] = ":"
        encode(v[k], out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = '"' .. v .. '"'
  elseif t == "number" or t == "boolean" then
    out[#out + 1] = tostring(v)
  else
    out[#out + 1] = "null"
  end
  return out
end
local function to_json(v) return table.concat(encode(v, {})) end
local Parser = {}
Parser.__index = Parser
function Parser.new(s) return setmetatable({s = s, i = 1}, Parser) end
function Parser:ws()
  while true do
    local c = self.s:sub(self.i, self.i)
    if c == " " or c == "\n" or c == "\t" then self.i = self.i + 1 else return end
  end
end
function Parser:peek() self:ws() return self.s:sub(self.i, self.i) end
function Parser:value()
  local c = self:peek()
  if c == "{" then
    self.i = self.i + 1
    local obj = {}
    if self:peek() == "}" then self.i = self.i + 1 return obj end
    while true do
      local k = self:value()
      assert(self:peek() == ":")
      self.i = self.i + 1
      obj[k] = self:value()
      local d = self:peek()
      self.i = self.i + 1
      if d == "}" then return obj end
    end
  elseif c == "[" then
    self.i = self.i + 1
    local arr = {}
    if self:peek() == "]" then self.i = self.i + 1 return arr end
    while true do
      arr[#arr + 1] = self:value()
      local d = self:peek()
      self.i = self.i + 1
      if d == "]" then return arr end
    end
  elseif c == '"' then
    local j = self.s:find('"', self.i + 1, true)
    local str = self.s:sub(self.i + 1, j - 1)
    self.i = j + 1
    return str
  elseif self.s:sub(self.i, self.i + 3) == "true" then
    self.i = self.i + 4 return true
  elseif self.s:sub(self.i, self.i + 4) == "false" then
    self.i = self.i + 5 return false
  else
    local j = self.i
    while true do
      local ch = self.s:byte(j)
      if ch and (ch == 45 or ch == 46 or ch == 101 or (ch >= 48 and ch <= 57)) then j = j + 1 else break end
    end
    local num = tonumber(self.s:sub(self.i, j - 1))
    self.i = j
    return num
  end
end
local data = {name = "lua", version = 5.4, tags = {"fast", "small", "embeddable"},
              nested = {a = 1, b = {true, false}, c = "x y"}, count = 42}
local s = to_json(data)
print(s)
local back = Parser.new(s):value()
print(back.name, back.version, back.tags[2], back.nested.b[1], back.nested.c, back.count)
print(to_json(back) == s)
local big = {}
for i = 1, 200 do big[i] = {id = i, label = "item" .. i, score = i * 1.5} end
local bs = to_json(big)
print(#bs, Parser.new(bs):value()[200].label)
