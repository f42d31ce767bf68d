-- Demo 1.1-sleepers: the same sleepers, one after another and then together.
-- Knob: knobs.n (1..6) tasks. Each sleeper only waits (aio.sleep), like a
-- network call, so the second run takes as long as the longest sleeper
-- instead of the sum of all of them.

local durations = { 2, 1, 3, 2.5, 1.5, 0.5 }
local n = math.tointeger(knobs and knobs.n or 3) or 3
n = math.max(1, math.min(n, #durations))

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

-- One sleeper: announce, wait, announce. Mirrors
--   async def sleeper(i, d): await asyncio.sleep(d)
local function sleeper(label, seconds)
  stamp("%s starts (%.1f s)", label, seconds)
  aio.sleep(seconds)
  stamp("%s done", label)
  return seconds
end

local function main()
  -- 1. One after another: start a task and wait for it before the next.
  --    (aio.gather on a single task is the Lua spelling of `await task`.)
  local t0 = aio.now()
  for i = 1, n do
    local label = "one-by-one " .. i
    aio.gather({ aio.create_task(label, sleeper, label, durations[i]) })
  end
  local sequential = aio.now() - t0

  -- 2. Together: start every task first, then wait for all of them.
  local t1 = aio.now()
  local tasks = {}
  for i = 1, n do
    local label = "sleeper " .. i
    tasks[i] = aio.create_task(label, sleeper, label, durations[i])
  end
  aio.gather(tasks)
  local together = aio.now() - t1

  print(string.format(
    "one after another: %.1f s (the sum)   together: %.1f s (the longest)",
    sequential, together))
end

aio.run(main)
