-- Conway's game of life on a small torus
local W, H = 20, 12
local function new_grid() local g = {} for y = 1, H do g[y] = {} for x = 1, W do g[y][x] = 0 end end return g end
local g = new_grid()
-- a glider and a blinker
g[1][2] = 1; g[2][3] = 1; g[3][1] = 1; g[3][2] = 1; g[3][3] = 1
g[8][10] = 1; g[8][11] = 1; g[8][12] = 1
local function step(g)
  local n = new_grid()
  for y = 1, H do
    for x = 1, W do
      local c = 0
      for dy = -1, 1 do
        for dx = -1, 1 do
          if dy ~= 0 or dx ~= 0 then
            local yy = (y + dy - 1) % H + 1
            local xx = (x + dx - 1) % W + 1
            c = c + g[yy][xx]
          end
        end
      end
      if c == 3 or (c == 2 and g[y][x] == 1) then n[y][x] = 1 end
    end
  end
  return n
end
local function show(g)
  for y = 1, H do
    local row = {}
    for x = 1, W do row[x] = g[y][x] == 1 and "#" or "." end
    print(table.concat(row))
  end
end
for i = 1, 30 do g = step(g) end
show(g)
local alive = 0
for y = 1, H do for x = 1, W do alive = alive + g[y][x] end end
print("alive", alive)
