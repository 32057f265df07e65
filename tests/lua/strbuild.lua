-- string building and processing: word frequencies, caesar cipher, palindromes
local text = "the quick brown fox jumps over the lazy dog the fox"
local words = {}
local cur = {}
for i = 1, #text + 1 do
  local c = text:sub(i, i)
  if c == " " or c == "" then
    if #cur > 0 then words[#words + 1] = table.concat(cur); cur = {} end
  else
    cur[#cur + 1] = c
  end
end
local freq = {}
for _, w in ipairs(words) do freq[w] = (freq[w] or 0) + 1 end
local keys = {}
for k in pairs(freq) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
for i = 1, 4 do print(keys[i], freq[keys[i]]) end
local function caesar(s, k)
  local out = {}
  for i = 1, #s do
    local b = s:byte(i)
    if b >= 97 and b <= 122 then b = (b - 97 + k) % 26 + 97 end
    out[i] = string.char(b)
  end
  return table.concat(out)
end
local enc = caesar(text, 13)
print(enc)
print(caesar(enc, 13) == text)
local function is_pal(s) return s == s:reverse() end
local pals = {}
for _, w in ipairs({"level", "lua", "racecar", "noon", "abc"}) do if is_pal(w) then pals[#pals + 1] = w end end
print(table.concat(pals, ","))
local s = ""
for i = 1, 100 do s = s .. (i % 10) end
print(#s, s:sub(1, 20))
local hex = {}
for i = 0, 15 do hex[#hex + 1] = string.format("%02x", i * 17) end
print(table.concat(hex, ":"))
print(("x"):rep(5, "-"), ("%d-%s"):format(7, "seven"), #("abc" .. 123 .. 4.5))
print(string.byte("A"), string.char(string.byte("hello", 1, -1)))
