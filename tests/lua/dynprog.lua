-- dynamic programming: LCS, knapsack, edit distance, coin change
local function lcs(a, b)
  local m, n = #a, #b
  local dp = {}
  for i = 0, m do dp[i] = {} for j = 0, n do dp[i][j] = 0 end end
  for i = 1, m do
    for j = 1, n do
      if a:sub(i, i) == b:sub(j, j) then dp[i][j] = dp[i - 1][j - 1] + 1
      else dp[i][j] = math.max(dp[i - 1][j], dp[i][j - 1]) end
    end
  end
  local out, i, j = {}, m, n
  while i > 0 and j > 0 do
    if a:sub(i, i) == b:sub(j, j) then table.insert(out, 1, a:sub(i, i)); i = i - 1; j = j - 1
    elseif dp[i - 1][j] >= dp[i][j - 1] then i = i - 1 else j = j - 1 end
  end
  return dp[m][n], table.concat(out)
end
print(lcs("AGGTABQWERTY", "GXTXAYBWRT"))
local function knapsack(ws, vs, cap)
  local best = {}
  for c = 0, cap do best[c] = 0 end
  for i = 1, #ws do
    for c = cap, ws[i], -1 do
      local v = best[c - ws[i]] + vs[i]
      if v > best[c] then best[c] = v end
    end
  end
  return best[cap]
end
print(knapsack({12, 7, 11, 8, 9}, {24, 13, 23, 15, 16}, 26))
local function edit(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = {[0] = i}
    for j = 1, #b do
      local cost = (a:byte(i) == b:byte(j)) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end
print(edit("kitten", "sitting"), edit("flaw", "lawn"), edit("", "abc"))
local function coins(amount, cs)
  local ways = {[0] = 1}
  for i = 1, amount do ways[i] = 0 end
  for _, c in ipairs(cs) do
    for a = c, amount do ways[a] = ways[a] + ways[a - c] end
  end
  return ways[amount]
end
print(coins(100, {1, 5, 10, 25, 50}), coins(300, {1, 2, 5, 10, 20, 50, 100, 200}))
local tri = {}
for n = 1, 30 do
  tri[n] = {}
  for k = 1, n do tri[n][k] = (k == 1 or k == n) and 1 or tri[n - 1][k - 1] + tri[n - 1][k] end
end
print(tri[30][15], tri[10][5])
