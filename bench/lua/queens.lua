-- queens: eight queens with boolean arrays (AWFY)
local N = tonumber(arg and arg[1]) or 1500
local free_rows, free_maxs, free_mins, queen_rows
local function get_row_column(r, c) return free_rows[r] and free_maxs[c + r] and free_mins[c - r + 7] end
local function set_row_column(r, c, v) free_rows[r] = v; free_maxs[c + r] = v; free_mins[c - r + 7] = v end
local function place_queen(c)
  for r = 0, 7 do
    if get_row_column(r, c) then
      queen_rows[r] = c
      set_row_column(r, c, false)
      if c == 7 then return true end
      if place_queen(c + 1) then return true end
      set_row_column(r, c, true)
    end
  end
  return false
end
local function queens()
  free_rows, free_maxs, free_mins, queen_rows = {}, {}, {}, {}
  for i = 0, 7 do free_rows[i] = true; queen_rows[i] = -1 end
  for i = 0, 15 do free_maxs[i] = true; free_mins[i] = true end
  return place_queen(0)
end
local function benchmark()
  local result = true
  for i = 1, 10 do result = result and queens() end
  return result
end
local ok = 0
for i = 1, N do if benchmark() then ok = ok + 1 end end
print("queens", ok)
