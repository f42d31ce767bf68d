-- L3.3 The GIL simulator. The same CPU-bound kernel runs 4 times on one
-- thread and on 4 threads, under the simulated GIL and without it; then an
-- I/O-bound job (a blocking sleep, which releases the GIL) the same way.
-- Expect about 1x for CPU threads with the GIL (switches: many), a real
-- speed-up without it (up to the number of cores), and about 4x for I/O.
-- Knobs: threads, n (kernel size), switch (instructions), io (seconds).
local threads = require("threads")
local K = knobs or {}
local nthreads = math.tointeger(K.threads) or 4
local n = math.tointeger(K.n) or 2000000
local io_s = K.io or 0.2
if K.switch then threads.setswitchinterval(math.tointeger(K.switch)) end

local function kernel(n)      -- pure-Lua CPU work
  local s = 0
  for i = 1, n do s = (s + i * i) % 1000003 end
  return s
end

local function timed(f)
  local t0 = threads.monotonic()
  f()
  return threads.monotonic() - t0
end

-- `jobs` calls of job(arg) on `workers` threads; returns the wall time and
-- the GIL hand-overs it took. One worker doing them all is the baseline:
-- the same interpreter set-up (a GIL-mode worker pays for the switch-check
-- hook on every instruction), only the parallelism differs.
local function in_threads(workers, gil, job, arg)
  local ex = threads.ThreadPoolExecutor{max_workers = workers, gil = gil}
  local before = threads.gil_stats().switches
  local dt = timed(function()
    local fs = {}
    for i = 1, nthreads do fs[i] = ex:submit(job, arg) end
    for i = 1, nthreads do fs[i]:result() end
  end)
  ex:shutdown()
  return dt, threads.gil_stats().switches - before
end

local function sleeper(s) threads.sleep(s) end
local one_gil = in_threads(1, true, kernel, n)
local cpu_gil, sw_gil = in_threads(nthreads, true, kernel, n)
local one_free = in_threads(1, false, kernel, n)
local cpu_free, sw_free = in_threads(nthreads, false, kernel, n)
local one_io = in_threads(1, true, sleeper, io_s)
local io_gil = in_threads(nthreads, true, sleeper, io_s)

print(("cores: %d   threads: %d   switch interval: %d instructions"):format(
  threads.cpu_count(), nthreads, threads.getswitchinterval()))
print(("CPU, GIL on : speed-up %.2fx  (GIL switches %d)"):format(one_gil / cpu_gil, sw_gil))
print(("CPU, GIL off: speed-up %.2fx  (GIL switches %d)"):format(one_free / cpu_free, sw_free))
print(("I/O, GIL on : speed-up %.2fx  (%d sleeps of %.2f s overlapped)"):format(
  one_io / io_gil, nthreads, io_s))
