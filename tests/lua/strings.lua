-- string operations and the string library
local s = "Hello, World"
print(#s, s:len(), string.len(s), s:upper(), s:lower())
print(s:sub(1, 5), s:sub(-5), s:sub(8), s:sub(0), s:sub(5, 3), s:sub(-100, 3), s:sub(3, 100))
print(s:byte(1), s:byte(-1), s:byte(1, 3))
print(string.char(72, 105), string.rep("ab", 3), string.rep("x", 3, ","), ("a"):rep(0))
print(s:find("World"), s:find("o", 6), s:find("xyz"), s:find("l", 1, true))
print(s:reverse(), ("abc"):reverse())
print("a" .. "b" .. 1 .. 2.5, 10 .. "", -3 .. "x")
print("abc" < "abd", "abc" < "ab", "Z" < "a", "" < "a", "abc" == "abc")
print(tostring(12), tostring(1.5), tostring(nil), tostring(true), tostring("s"))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = tostring(i * i) end
print(table.concat(parts, ","), table.concat(parts), table.concat(parts, "-", 2, 4))
print("tab\tnew\\n", 'single \'q\'', "\65\066\x43", "\z
      continued")
print([[long
string]], [==[with ]] inside]==])
local t = {}
for i = 1, 10 do t[i] = string.char(96 + i) end
print(table.concat(t))
print(string.format("%s=%d", "x", 10), string.format("%5.1f%%", 99.5))
print(("%d items"):format(3))
