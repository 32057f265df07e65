-- matrix multiplication, transpose, determinant (floats and ints)
local function matrix(n, f) local m = {} for i = 1, n do m[i] = {} for j = 1, n do m[i][j] = f(i, j) end end return m end
local function mul(a, b)
  local n = #a
  local c = matrix(n, function() return 0 end)
  for i = 1, n do
    local ci, ai = c[i], a[i]
    for j = 1, n do
      local s = 0
      for k = 1, n do s = s + ai[k] * b[k][j] end
      ci[j] = s
    end
  end
  return c
end
local a = matrix(30, function(i, j) return i + j end)
local b = matrix(30, function(i, j) return i - j end)
local c = mul(a, b)
print(c[1][1], c[15][20], c[30][30])
local f = matrix(20, function(i, j) return 1.0 / (i + j - 1) end)
local g = mul(f, f)
print(string.format("%.6f %.6f", g[1][1], g[20][20]))
local function det(m)
  local n = #m
  local a = {}
  for i = 1, n do a[i] = {} for j = 1, n do a[i][j] = m[i][j] end end
  local d = 1.0
  for col = 1, n do
    local piv = col
    for r = col + 1, n do if math.abs(a[r][col]) > math.abs(a[piv][col]) then piv = r end end
    if a[piv][col] == 0 then return 0.0 end
    if piv ~= col then a[piv], a[col] = a[col], a[piv]; d = -d end
    d = d * a[col][col]
    for r = col + 1, n do
      local factor = a[r][col] / a[col][col]
      for k = col, n do a[r][k] = a[r][k] - factor * a[col][k] end
    end
  end
  return d
end
print(det({{2, 0, 1}, {1, 3, 2}, {1, 1, 1}}), det({{1, 2}, {2, 4}}))
print(string.format("%.3e", det(matrix(6, function(i, j) return 1.0 / (i + j - 1) end))))
