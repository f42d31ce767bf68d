-- L4.2 Chunk size explorer. A process pool maps a tiny function over many
-- items; every chunk is one message each way, so chunksize 1 costs one IPC
-- round trip per item, the default (ceil(items / (workers * 4))) a handful.
-- A skewed workload (one slow item per chunk at the end) shows the idle
-- tail of big chunks. Knobs: items, workers, skew (0/1).
local procs = require("procs")
local threads = require("threads")
local K = knobs or {}
local items = math.tointeger(K.items) or 10000
local workers = math.tointeger(K.workers) or 2
local skew = (K.skew or 0) ~= 0

local data = {}
for i = 1, items do data[i] = i end
local function score(x)
  local s = 0
  local rounds = (skew and x > items - items // 20) and 2000 or 20
  for i = 1, rounds do s = s + (x * i) % 7 end
  return s
end

local pool = procs.Pool(workers)
local expect
for _, cs in ipairs({1, false, 100, items // workers}) do
  local before = pool:stats()
  local t0 = threads.monotonic()
  local r = pool:map(score, data, cs or nil)
  local dt = threads.monotonic() - t0
  local st = pool:stats()
  local sum = 0
  for i = 1, #r do sum = sum + r[i] end
  expect = expect or sum
  print(("chunksize %-8s messages %6d  bytes sent %8d  wall %.3f s  %s"):format(
    cs and tostring(cs) or "default", st.messages_sent - before.messages_sent,
    st.bytes_sent - before.bytes_sent, dt, sum == expect and "same result" or "DIFFERENT"))
end
pool:shutdown()
