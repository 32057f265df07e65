-- mandelbrot: float arithmetic, bits packed into bytes and checksummed (AWFY's,
-- without bitwise operators so that LuaJIT runs it too)
local SIZE = tonumber(arg and arg[1]) or 400
local function mandelbrot(size)
  local sum, byte_acc, bit_num = 0, 0, 0
  local y = 0
  while y < size do
    local ci = (2.0 * y / size) - 1.0
    local x = 0
    while x < size do
      local zrzr, zi, zizi = 0.0, 0.0, 0.0
      local cr = (2.0 * x / size) - 1.5
      local z = 0
      local not_done = true
      local escape = 0
      while not_done and z < 50 do
        local zr = zrzr - zizi + cr
        zi = 2.0 * zr * zi + ci
        zrzr = zr * zr
        zizi = zi * zi
        if zrzr + zizi > 4.0 then not_done = false; escape = 1 end
        z = z + 1
      end
      byte_acc = byte_acc * 2 + escape
      bit_num = bit_num + 1
      if bit_num == 8 then
        sum = (sum * 31 + byte_acc) % 1000000007
        byte_acc = 0
        bit_num = 0
      elseif x == size - 1 then
        byte_acc = byte_acc * 2 ^ (8 - bit_num)
        sum = (sum * 31 + math.floor(byte_acc)) % 1000000007
        byte_acc = 0
        bit_num = 0
      end
      x = x + 1
    end
    y = y + 1
  end
  return sum
end
local total = 0
for i = 1, 4 do total = total + mandelbrot(SIZE) end
print("mandelbrot", total)
