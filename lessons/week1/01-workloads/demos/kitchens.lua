-- Demo 1.1-kitchens: one job, four kitchens.
-- The job is n items; each item waits io_ms (an order to the supplier) and
-- then works cpu_ms (chopping). It runs four ways: one cook doing
-- everything in turn, aio tasks on one thread, a thread pool (with the
-- simulated GIL on or off) and a process pool. Each run prints its total
-- wall time and why it came out that way.
-- Knobs: n, io_ms, cpu_ms, pool (workers), gil (1 = on, 0 = off).
--
-- Times are real (threads.monotonic) because the pools do real work on
-- real threads and processes. The aio run is the exception: on the virtual
-- clock its waits are skipped, not slept, so its total is the real time of
-- the work plus the virtual time the loop jumped over (what a real loop
-- would have spent idle). The numbers depend on the machine and its load;
-- the order of the four kitchens does not.

local threads = require("threads")
local procs = require("procs")

local K = knobs or {}
local function int(v, default, lo, hi)
  local x = math.tointeger(v) or default
  return math.max(lo, math.min(x, hi))
end
local n = int(K.n, 4, 1, 16)
local io_ms = int(K.io_ms, 60, 0, 1000)
local cpu_ms = int(K.cpu_ms, 30, 0, 1000)
local pool_size = int(K.pool, 2, 1, 8)
local gil = int(K.gil, 1, 0, 1) == 1

-- Pure-Lua CPU work: `rounds` iterations of arithmetic nobody can skip.
local function kernel(rounds)
  local s = 0
  for i = 1, rounds do s = (s + i * i) % 1000003 end
  return s
end

-- How many kernel rounds make one millisecond on this machine, measured
-- here on the main program (pool workers use the same count, so a slower
-- worker, e.g. one paying for the GIL's switch check, shows as slower).
local function calibrate()
  local rounds = 20000
  while true do
    local t0 = threads.monotonic()
    kernel(rounds)
    local dt = threads.monotonic() - t0
    if dt >= 0.01 or rounds >= 1e8 then
      return math.max(1, math.floor(rounds / (dt * 1000)))
    end
    rounds = rounds * 4
  end
end
local per_ms = calibrate()
local io_s, cpu_rounds = io_ms / 1000, cpu_ms * per_ms

-- One item in a blocking kitchen: wait (the thread sleeps, releasing the
-- GIL), then work. Sent to pool workers, so it only uses its arguments and
-- library functions.
local function item(wait_s, rounds)
  threads.sleep(wait_s)
  local s = 0
  for i = 1, rounds do s = (s + i * i) % 1000003 end
  return s
end

local results = {}
local function report(name, seconds, why)
  results[#results + 1] = { name = name, t = seconds }
  print(string.format("%-22s %6.3f s   %s", name, seconds, why))
end

print(string.format(
  "job: %d items x (%d ms waiting + %d ms working); pool of %d; GIL %s",
  n, io_ms, cpu_ms, pool_size, gil and "on" or "off"))

-- 1. Sequential: one cook, one item at a time.
do
  local t0 = threads.monotonic()
  for _ = 1, n do item(io_s, cpu_rounds) end
  report("sequential", threads.monotonic() - t0,
    "nothing overlaps: the sum of every wait and every piece of work")
end

-- 2. aio tasks: one thread; a task that waits lets the others run.
local function cook(rounds)
  aio.sleep(io_s)
  return kernel(rounds)
end

local function main()
  -- Is the loop on the virtual clock? A virtual sleep costs no real time.
  local p0 = threads.monotonic()
  aio.sleep(0.02)
  local virtual = threads.monotonic() - p0 < 0.01

  local r0, v0 = threads.monotonic(), aio.now()
  local tasks = {}
  for i = 1, n do
    tasks[i] = aio.create_task("cook " .. i, cook, cpu_rounds)
  end
  aio.gather(tasks)
  local real, skipped = threads.monotonic() - r0, aio.now() - v0
  report("aio tasks", virtual and real + skipped or real,
    "the waits overlap, the work does not: one wait + the sum of the work")
end
aio.run(main)

-- 3. Thread pool: real threads; the GIL decides whether work overlaps.
do
  local t0 = threads.monotonic()   -- starting the workers is part of the cost
  local ex = threads.ThreadPoolExecutor{ max_workers = pool_size, gil = gil }
  local fs = {}
  for i = 1, n do fs[i] = ex:submit(item, io_s, cpu_rounds) end
  for i = 1, n do fs[i]:result() end
  local dt = threads.monotonic() - t0
  ex:shutdown()
  report(gil and "thread pool (GIL on)" or "thread pool (GIL off)", dt,
    gil and "waits overlap (sleep drops the GIL), work takes turns"
         or "waits and work both overlap, up to the cores free")
end

-- 4. Process pool: each worker is its own process with its own interpreter.
do
  local t0 = threads.monotonic()   -- forking the workers is part of the cost
  local pool = procs.Pool(pool_size)
  local args = {}
  for i = 1, n do args[i] = { io_s, cpu_rounds } end
  pool:starmap(item, args, 1)
  local dt = threads.monotonic() - t0
  pool:shutdown()
  report("process pool", dt,
    "no GIL to share: work overlaps up to the cores; pays fork and copies")
end

local best = results[1]
for _, r in ipairs(results) do if r.t < best.t then best = r end end
print(string.format("fastest here: %s (%d cores on this machine)",
  best.name, threads.cpu_count()))
