-- Exercise 1.2a: a scheduler on a virtual clock, with plain coroutines.
local M = {}

local Scheduler = {}
Scheduler.__index = Scheduler

function M.Scheduler()
  return setmetatable({
    clock = 0,       -- virtual seconds: never sleeps for real
    ready = {},      -- FIFO of callbacks: ready[head..tail]
    head = 1,
    tail = 0,
    timers = {},     -- binary heap of { when, seq, fn }
    seq = 0,
  }, Scheduler)
end

function Scheduler:now()
  return self.clock
end

function Scheduler:call_soon(fn)
  self.tail = self.tail + 1
  self.ready[self.tail] = fn
end

-- Heap order: earlier deadline first; on a tie, the lower seq (the one
-- scheduled first) first. Without seq the heap would not be FIFO.
local function before(a, b)
  if a.when ~= b.when then return a.when < b.when end
  return a.seq < b.seq
end

function Scheduler:call_later(delay, fn)
  self.seq = self.seq + 1
  local h = self.timers
  h[#h + 1] = { when = self.clock + delay, seq = self.seq, fn = fn }
  local i = #h
  while i > 1 do
    local p = i // 2
    if not before(h[i], h[p]) then break end
    h[i], h[p] = h[p], h[i]
    i = p
  end
end

local function pop_timer(h)
  local top = h[1]
  h[1] = h[#h]
  h[#h] = nil
  local i, n = 1, #h
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= n and before(h[l], h[m]) then m = l end
    if r <= n and before(h[r], h[m]) then m = r end
    if m == i then break end
    h[i], h[m] = h[m], h[i]
    i = m
  end
  return top
end

-- Run fn as a task: each resume is one step; a yielded number is a sleep.
function Scheduler:spawn(fn, ...)
  local co = coroutine.create(fn)
  local args = table.pack(...)
  local function step()
    local ok, delay = coroutine.resume(co, table.unpack(args, 1, args.n))
    args = { n = 0 }
    if not ok then error(delay, 0) end
    if coroutine.status(co) ~= "dead" then
      self:call_later(delay or 0, step)
    end
  end
  self:call_soon(step)
end

-- Called inside a spawned task: hand the delay to step() above.
function Scheduler:sleep(delay)
  coroutine.yield(delay)
end

function Scheduler:run()
  while self.head <= self.tail or #self.timers > 0 do
    if self.head > self.tail then
      -- Idle: jump the virtual clock to the next deadline.
      self.clock = math.max(self.clock, self.timers[1].when)
    end
    while #self.timers > 0 and self.timers[1].when <= self.clock do
      self:call_soon(pop_timer(self.timers).fn)
    end
    -- Run only what is ready now; callbacks added meanwhile wait a pass.
    local stop = self.tail
    while self.head <= stop do
      local fn = self.ready[self.head]
      self.ready[self.head] = nil
      self.head = self.head + 1
      fn()
    end
  end
end

-- The countdown/countup demo (Beazley). Leave it as it is: the checks
-- call M.demo() and compare its lines and its end time.
function M.demo()
  local s = M.Scheduler()
  local lines = {}
  local function log(fmt, ...)
    lines[#lines + 1] = string.format("[%4.1f] " .. fmt, s:now(), ...)
  end
  s:spawn(function(n)
    while n > 0 do
      log("down %d", n)
      s:sleep(4)
      n = n - 1
    end
  end, 5)
  s:spawn(function(stop)
    for i = 0, stop - 1 do
      log("up %d", i)
      s:sleep(5)
    end
  end, 4)
  s:run()
  return lines, s:now()
end

return M
