-- towers: towers of Hanoi with linked disk stacks (AWFY)
local N = tonumber(arg and arg[1]) or 300
local piles, moves
local function push_disk(disk, pile)
  local top = piles[pile]
  if top and disk.size >= top.size then error("Cannot put a big disk on a smaller one") end
  disk.next = top
  piles[pile] = disk
end
local function pop_disk_from(pile)
  local top = piles[pile]
  if top == nil then error("Attempting to remove a disk from an empty pile") end
  piles[pile] = top.next
  top.next = nil
  return top
end
local function move_top_disk(from, to)
  push_disk(pop_disk_from(from), to)
  moves = moves + 1
end
local function build_tower_at(pile, disks)
  for i = disks, 0, -1 do push_disk({size = i, next = nil}, pile) end
end
local function move_disks(disks, from, to)
  if disks == 1 then
    move_top_disk(from, to)
  else
    local other = 3 - from - to
    move_disks(disks - 1, from, other)
    move_top_disk(from, to)
    move_disks(disks - 1, other, to)
  end
end
local function benchmark()
  piles = {}
  build_tower_at(0, 13)
  moves = 0
  move_disks(13, 0, 1)
  return moves
end
local total = 0
for i = 1, N do total = total + benchmark() end
print("towers", total)
