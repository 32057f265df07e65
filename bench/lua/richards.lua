-- richards: the OS task scheduler simulation (AWFY/Richards), OO with metatables
local N = tonumber(arg and arg[1]) or 15
local NO_TASK, NO_WORK = nil, nil
local IDLER, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = 1, 2, 3, 4, 5, 6
local NUM_TYPES = 6
local DEVICE_PACKET_KIND, WORK_PACKET_KIND = 0, 1
local DATA_SIZE = 4
local TRACING = false

-- bitwise xor of non-negative integers below 2^16, with arithmetic only
-- (so that the program also runs on LuaJIT, which is Lua 5.1)
local function xor(a, b)
  local r, bit = 0, 1
  while a > 0 or b > 0 do
    if a % 2 ~= b % 2 then r = r + bit end
    a = math.floor(a / 2); b = math.floor(b / 2); bit = bit * 2
  end
  return r
end

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  return c
end

local RBObject = class()
function RBObject:append(packet, queue_head)
  packet.link = NO_WORK
  if queue_head == NO_WORK then return packet end
  local mouse = queue_head
  local link = mouse.link
  while link ~= NO_WORK do mouse = link; link = mouse.link end
  mouse.link = packet
  return queue_head
end

local Packet = class(RBObject)
function Packet.new(link, identity, kind)
  local p = setmetatable({link = link, identity = identity, kind = kind, datum = 0, data = {}}, Packet)
  for i = 1, DATA_SIZE do p.data[i] = 0 end
  return p
end

local TaskState = class(RBObject)
function TaskState:init_state() self.packet_pending = true; self.task_waiting = false; self.task_holding = false end
function TaskState:is_packet_pending() return self.packet_pending end
function TaskState:is_task_holding() return self.task_holding end
function TaskState:is_task_waiting() return self.task_waiting end
function TaskState:set_task_holding(b) self.task_holding = b end
function TaskState:set_packet_pending(b) self.packet_pending = b end
function TaskState:set_task_waiting(b) self.task_waiting = b end
function TaskState:packet_pending_s() self.packet_pending = true; self.task_waiting = false; self.task_holding = false end
function TaskState:running() self.packet_pending = false; self.task_waiting = false; self.task_holding = false end
function TaskState:waiting() self.packet_pending = false; self.task_holding = false; self.task_waiting = true end
function TaskState:waiting_with_packet() self.task_holding = false; self.task_waiting = true; self.packet_pending = true end
function TaskState:is_running() return not self.packet_pending and not self.task_waiting and not self.task_holding end
function TaskState:is_task_holding_or_waiting() return self.task_holding or (not self.packet_pending and self.task_waiting) end
function TaskState:is_waiting() return not self.packet_pending and self.task_waiting and not self.task_holding end
function TaskState:is_waiting_with_packet() return self.packet_pending and self.task_waiting and not self.task_holding end

local TaskControlBlock = class(TaskState)
function TaskControlBlock.new(link, identity, priority, initial_work_queue, initial_state, private_data, fn)
  local t = setmetatable({link = link, identity = identity, priority = priority,
                          input = initial_work_queue, handle = private_data, fn = fn}, TaskControlBlock)
  t.packet_pending = initial_state.packet_pending
  t.task_waiting = initial_state.task_waiting
  t.task_holding = initial_state.task_holding
  return t
end
function TaskControlBlock:add_input_and_check_priority(packet, old_task)
  if self.input == NO_WORK then
    self.input = packet
    self.packet_pending = true
    if self.priority > old_task.priority then return self end
  else
    self.input = self:append(packet, self.input)
  end
  return old_task
end
function TaskControlBlock:run_task()
  local message
  if self:is_waiting_with_packet() then
    message = self.input
    self.input = message.link
    if self.input == NO_WORK then self:running() else self:packet_pending_s() end
  else
    message = NO_WORK
  end
  return self.fn(message, self.handle)
end

local DeviceTaskDataRecord = class(RBObject)
function DeviceTaskDataRecord.new() return setmetatable({pending = NO_WORK}, DeviceTaskDataRecord) end
local HandlerTaskDataRecord = class(RBObject)
function HandlerTaskDataRecord.new() return setmetatable({work_in = NO_WORK, device_in = NO_WORK}, HandlerTaskDataRecord) end
function HandlerTaskDataRecord:device_in_add(p) self.device_in = self:append(p, self.device_in) end
function HandlerTaskDataRecord:work_in_add(p) self.work_in = self:append(p, self.work_in) end
local IdleTaskDataRecord = class(RBObject)
function IdleTaskDataRecord.new() return setmetatable({control = 1, count = 10000}, IdleTaskDataRecord) end
local WorkerTaskDataRecord = class(RBObject)
function WorkerTaskDataRecord.new() return setmetatable({destination = HANDLER_A, count = 0}, WorkerTaskDataRecord) end

local Scheduler = class(RBObject)
function Scheduler.new()
  local s = setmetatable({task_list = NO_TASK, current_task = NO_TASK, current_task_identity = 0,
                          task_table = {}, queue_packet_count = 0, hold_count = 0, layout = 0}, Scheduler)
  for i = 1, NUM_TYPES do s.task_table[i] = NO_TASK end
  return s
end
function Scheduler:create_task(identity, priority, work, state, data, fn)
  local t = TaskControlBlock.new(self.task_list, identity, priority, work, state, data, fn)
  self.task_list = t
  self.task_table[identity] = t
end
function Scheduler:create_device(identity, priority, work, state)
  local data = DeviceTaskDataRecord.new()
  self:create_task(identity, priority, work, state, data, function(packet, d)
    if packet == NO_WORK then
      local function_work = d.pending
      if function_work == NO_WORK then return self:wait() end
      d.pending = NO_WORK
      return self:queue_packet(function_work)
    end
    d.pending = packet
    return self:hold_self()
  end)
end
function Scheduler:create_handler(identity, priority, work, state)
  local data = HandlerTaskDataRecord.new()
  self:create_task(identity, priority, work, state, data, function(packet, d)
    if packet ~= NO_WORK then
      if packet.kind == WORK_PACKET_KIND then d:work_in_add(packet) else d:device_in_add(packet) end
    end
    local work_packet = d.work_in
    if work_packet == NO_WORK then return self:wait() end
    local count = work_packet.datum
    if count > DATA_SIZE then
      d.work_in = work_packet.link
      return self:queue_packet(work_packet)
    end
    local device_packet = d.device_in
    if device_packet == NO_WORK then return self:wait() end
    d.device_in = device_packet.link
    device_packet.datum = work_packet.data[count]
    work_packet.datum = count + 1
    return self:queue_packet(device_packet)
  end)
end
function Scheduler:create_idler(identity, priority, work, state)
  local data = IdleTaskDataRecord.new()
  self:create_task(identity, priority, work, state, data, function(packet, d)
    d.count = d.count - 1
    if d.count == 0 then return self:hold_self() end
    if d.control % 2 == 0 then
      d.control = math.floor(d.control / 2)
      return self:release(DEVICE_A)
    end
    d.control = xor(math.floor(d.control / 2), 53256)
    return self:release(DEVICE_B)
  end)
end
function Scheduler:create_worker(identity, priority, work, state)
  local data = WorkerTaskDataRecord.new()
  self:create_task(identity, priority, work, state, data, function(packet, d)
    if packet == NO_WORK then return self:wait() end
    if d.destination == HANDLER_A then d.destination = HANDLER_B else d.destination = HANDLER_A end
    packet.identity = d.destination
    packet.datum = 1
    for i = 1, DATA_SIZE do
      d.count = d.count + 1
      if d.count > 26 then d.count = 1 end
      packet.data[i] = 65 + d.count - 1
    end
    return self:queue_packet(packet)
  end)
end
local function new_state(pending, waiting, holding)
  local s = setmetatable({}, TaskState)
  s.packet_pending = pending; s.task_waiting = waiting; s.task_holding = holding
  return s
end
function Scheduler:find_task(identity)
  local t = self.task_table[identity]
  if t == NO_TASK then error("find_task failed") end
  return t
end
function Scheduler:hold_self()
  self.hold_count = self.hold_count + 1
  self.current_task:set_task_holding(true)
  return self.current_task.link
end
function Scheduler:queue_packet(packet)
  local t = self:find_task(packet.identity)
  if t == NO_TASK then return NO_TASK end
  self.queue_packet_count = self.queue_packet_count + 1
  packet.link = NO_WORK
  packet.identity = self.current_task_identity
  return t:add_input_and_check_priority(packet, self.current_task)
end
function Scheduler:release(identity)
  local t = self:find_task(identity)
  if t == NO_TASK then return NO_TASK end
  t:set_task_holding(false)
  if t.priority > self.current_task.priority then return t end
  return self.current_task
end
function Scheduler:wait()
  self.current_task:set_task_waiting(true)
  return self.current_task
end
function Scheduler:schedule()
  self.current_task = self.task_list
  while self.current_task ~= NO_TASK do
    if self.current_task:is_task_holding_or_waiting() then
      self.current_task = self.current_task.link
    else
      self.current_task_identity = self.current_task.identity
      self.current_task = self.current_task:run_task()
    end
  end
end
local function run()
  local s = Scheduler.new()
  s:create_idler(IDLER, 0, NO_WORK, new_state(false, false, false))
  local wq = Packet.new(NO_WORK, WORKER, WORK_PACKET_KIND)
  wq = Packet.new(wq, WORKER, WORK_PACKET_KIND)
  s:create_worker(WORKER, 1000, wq, new_state(true, true, false))
  wq = Packet.new(NO_WORK, DEVICE_A, DEVICE_PACKET_KIND)
  wq = Packet.new(wq, DEVICE_A, DEVICE_PACKET_KIND)
  wq = Packet.new(wq, DEVICE_A, DEVICE_PACKET_KIND)
  s:create_handler(HANDLER_A, 2000, wq, new_state(true, true, false))
  wq = Packet.new(NO_WORK, DEVICE_B, DEVICE_PACKET_KIND)
  wq = Packet.new(wq, DEVICE_B, DEVICE_PACKET_KIND)
  wq = Packet.new(wq, DEVICE_B, DEVICE_PACKET_KIND)
  s:create_handler(HANDLER_B, 3000, wq, new_state(true, true, false))
  s:create_device(DEVICE_A, 4000, NO_WORK, new_state(false, true, false))
  s:create_device(DEVICE_B, 5000, NO_WORK, new_state(false, true, false))
  s:schedule()
  return s.queue_packet_count, s.hold_count
end
local q, h = 0, 0
for i = 1, N do
  local a, b = run()
  q = q + a; h = h + b
end
print("richards", q, h)
