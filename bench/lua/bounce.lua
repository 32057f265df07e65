-- bounce: balls bouncing in a box (AWFY style), objects with fields and methods
local N = tonumber(arg and arg[1]) or 1000
local Random = {}
Random.__index = Random
function Random.new() return setmetatable({seed = 74755}, Random) end
function Random:next()
  self.seed = ((self.seed * 1309) + 13849) % 65536
  return self.seed
end
local Ball = {}
Ball.__index = Ball
function Ball.new(random)
  return setmetatable({x = random:next() % 500, y = random:next() % 500,
                       xvel = (random:next() % 300) - 150, yvel = (random:next() % 300) - 150}, Ball)
end
function Ball:bounce()
  local xlimit, ylimit = 500, 500
  local bounced = false
  self.x = self.x + self.xvel
  self.y = self.y + self.yvel
  if self.x > xlimit then self.x = xlimit; self.xvel = 0 - math.abs(self.xvel); bounced = true end
  if self.x < 0 then self.x = 0; self.xvel = math.abs(self.xvel); bounced = true end
  if self.y > ylimit then self.y = ylimit; self.yvel = 0 - math.abs(self.yvel); bounced = true end
  if self.y < 0 then self.y = 0; self.yvel = math.abs(self.yvel); bounced = true end
  return bounced
end
local function benchmark()
  local random = Random.new()
  local ballcount = 100
  local bounces = 0
  local balls = {}
  for i = 1, ballcount do balls[i] = Ball.new(random) end
  for i = 1, 50 do
    for _, ball in ipairs(balls) do
      if ball:bounce() then bounces = bounces + 1 end
    end
  end
  return bounces
end
local total = 0
for i = 1, N do total = total + benchmark() end
print("bounce", total)
