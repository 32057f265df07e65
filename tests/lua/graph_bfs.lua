-- graphs: BFS shortest paths, DFS components, Dijkstra with a simple heap
local N = 60
local adj = {}
for i = 1, N do adj[i] = {} end
local function edge(a, b, w) adj[a][#adj[a] + 1] = {b, w}; adj[b][#adj[b] + 1] = {a, w} end
for i = 1, N - 1 do if i % 7 ~= 0 then edge(i, i + 1, (i * 13) % 9 + 1) end end
for i = 1, N - 5, 3 do edge(i, i + 5, (i * 7) % 11 + 1) end
local function bfs(s)
  local dist, q, head = {[s] = 0}, {s}, 1
  while head <= #q do
    local u = q[head]; head = head + 1
    for _, e in ipairs(adj[u]) do
      local v = e[1]
      if dist[v] == nil then dist[v] = dist[u] + 1; q[#q + 1] = v end
    end
  end
  return dist
end
local d = bfs(1)
print(d[2], d[30], d[N], #adj[1])
local seen, comps = {}, 0
local function dfs(u) seen[u] = true for _, e in ipairs(adj[u]) do if not seen[e[1]] then dfs(e[1]) end end end
for i = 1, N do if not seen[i] then comps = comps + 1; dfs(i) end end
print("components", comps)
local Heap = {}
Heap.__index = Heap
function Heap.new() return setmetatable({n = 0}, Heap) end
function Heap:push(k, v)
  self.n = self.n + 1
  local i = self.n
  self[i] = {k, v}
  while i > 1 do
    local p = i // 2
    if self[p][1] <= self[i][1] then break end
    self[p], self[i] = self[i], self[p]
    i = p
  end
end
function Heap:pop()
  local top = self[1]
  self[1] = self[self.n]; self[self.n] = nil; self.n = self.n - 1
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= self.n and self[l][1] < self[m][1] then m = l end
    if r <= self.n and self[r][1] < self[m][1] then m = r end
    if m == i then break end
    self[m], self[i] = self[i], self[m]
    i = m
  end
  return top[1], top[2]
end
local function dijkstra(s)
  local dist = {[s] = 0}
  local h = Heap.new()
  h:push(0, s)
  while h.n > 0 do
    local du, u = h:pop()
    if du == dist[u] then
      for _, e in ipairs(adj[u]) do
        local v, w = e[1], e[2]
        if dist[v] == nil or du + w < dist[v] then dist[v] = du + w; h:push(du + w, v) end
      end
    end
  end
  return dist
end
local dd = dijkstra(1)
print(dd[2], dd[30], dd[N])
