-- tests/diff/big/million.lua -- 10^6 tasks alive at once: each sleeps 1 s of
-- virtual time and returns its number; gather collects them in order.
local aio = require("aio")
local N = 1000000
aio.run(function()
  local ts = {}
  for i = 1, N do
    ts[i] = aio.create_task(function(v) aio.sleep(1) return v end, i)
  end
  local rs = aio.gather(ts)
  local sum, done = 0, 0
  for i = 1, N do
    sum = sum + rs[i]
    if ts[i]:done() then done = done + 1 end
  end
  print(string.format("tasks=%d done=%d sum=%d vtime=%.2f", #rs, done, sum, aio.now()))
end)
