-- bench/tui/thousand.lua -- 1000 tasks for the TUI frame-rate bench:
-- each sleeps a few times (different lengths), some wait on a shared
-- queue-like event, and a few print. Knob: knobs.n tasks (default 1000).
local n = math.tointeger(knobs and knobs.n or 1000) or 1000

local function worker(i)
  for step = 1, 3 do
    aio.sleep(((i * 7 + step * 13) % 50) / 10)
  end
  if i % 100 == 0 then
    print(string.format("task %d done at %.1f s", i, aio.now()))
  end
end

aio.run(function()
  local tasks = {}
  for i = 1, n do
    tasks[i] = aio.create_task("t" .. i, worker, i)
  end
  aio.gather(tasks)
end)
