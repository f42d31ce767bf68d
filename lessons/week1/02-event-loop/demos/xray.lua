-- Demo 1.2-xray: a tiny scheduler written in plain Lua coroutines, with
-- its ready queue and timer heap printed after every step. It runs
-- inside an aio task only so that idle time passes on the virtual clock
-- (aio.sleep is the "select(timeout)" step).
local function int(v, d, lo, hi)
  v = math.tointeger(v) or d
  return math.max(lo, math.min(hi, v))
end
local ntasks = int(knobs and knobs.tasks, 3, 1, 4)
local nap = (knobs and knobs.nap) or 1
local fifo = int(knobs and knobs.fifo, 1, 0, 1) == 1
local block = int(knobs and knobs.block, 0, 0, 1) == 1

local ready, timers, seq = {}, {}, 0

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

-- Timer "heap" kept as a sorted list. With fifo on, ties keep the order
-- they were scheduled in (the seq number); with it off, a tie goes in
-- front of the earlier entries, like an unstable heap might put it.
local function push_timer(when, name, co)
  seq = seq + 1
  local e = { when = when, seq = seq, name = name, co = co }
  local pos = #timers + 1
  for i, t in ipairs(timers) do
    if e.when < t.when or (e.when == t.when and not fifo) then
      pos = i
      break
    end
  end
  table.insert(timers, pos, e)
end

local function show()
  local r, h = {}, {}
  for i, t in ipairs(ready) do r[i] = t.name end
  for i, t in ipairs(timers) do
    h[i] = string.format("(%.1f,#%d,%s)", t.when, t.seq, t.name)
  end
  stamp("  ready=[%s] heap=[%s]", table.concat(r, " "),
        table.concat(h, " "))
end

local function worker(name, steps)
  return function()
    for i = 1, steps do
      stamp("%s step %d", name, i)
      if block and name == "T1" and i == 1 then
        stamp("%s calls a blocking sleep(2): nobody else can run", name)
        coroutine.yield({ block = 2 })
      end
      coroutine.yield({ sleep = nap })
    end
    stamp("%s finished", name)
  end
end

local function main()
  for i = 1, ntasks do
    local name = "T" .. i
    ready[#ready + 1] = { name = name,
                          co = coroutine.create(worker(name, 2)) }
  end
  show()
  while #ready > 0 or #timers > 0 do
    if #ready == 0 then
      local wait = timers[1].when - aio.now()
      stamp("idle: select(timeout=%.1f)", wait)
      aio.sleep(wait)
    end
    while #timers > 0 and timers[1].when <= aio.now() + 1e-9 do
      local t = table.remove(timers, 1)
      ready[#ready + 1] = { name = t.name, co = t.co }
    end
    local batch = #ready
    for _ = 1, batch do
      local t = table.remove(ready, 1)
      local ok, req = coroutine.resume(t.co)
      if not ok then error(req) end
      if coroutine.status(t.co) ~= "dead" then
        if req.block then
          -- A blocking call: the loop itself is stuck for that long.
          aio.sleep(req.block)
          ready[#ready + 1] = t
        else
          push_timer(aio.now() + req.sleep, t.name, t.co)
        end
      end
    end
    show()
  end
  stamp("all tasks done")
end

aio.run(function()
  local t = aio.create_task("scheduler", main)
  aio.gather({ t })
end)
