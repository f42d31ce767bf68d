-- L3.3 The GIL simulator. The same CPU-bound kernel runs sequentially, in
-- 4 threads under the simulated GIL, and in 4 threads without it; then an
-- I/O-bound job (a blocking sleep, which releases the GIL) in 4 threads.
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

local function timed(label, f)
  local t0 = threads.monotonic()
  local r = f()
  local dt = threads.monotonic() - t0
  return dt, r
end

local seq = timed("sequential", function()
  local r
  for _ = 1, nthreads do r = kernel(n) end
  return r
end)

local function in_threads(gil, job, arg)
  local ex = threads.ThreadPoolExecutor{max_workers = nthreads, gil = gil}
  local before = threads.gil_stats().switches
  local dt = timed("", function()
    local fs = {}
    for i = 1, nthreads do fs[i] = ex:submit(job, arg) end
    for i = 1, nthreads do fs[i]:result() end
  end)
  ex:shutdown()
  return dt, threads.gil_stats().switches - before
end

local cpu_gil, sw_gil = in_threads(true, kernel, n)
local cpu_free, sw_free = in_threads(false, kernel, n)
local io_gil, sw_io = in_threads(true, function(s) threads.sleep(s) end, io_s)

print(("cores: %d   threads: %d   switch interval: %d instructions"):format(
  threads.cpu_count(), nthreads, threads.getswitchinterval()))
print(("CPU, GIL on : speed-up %.2fx  (GIL switches %d)"):format(seq / cpu_gil, sw_gil))
print(("CPU, GIL off: speed-up %.2fx  (GIL switches %d)"):format(seq / cpu_free, sw_free))
print(("I/O, GIL on : speed-up %.2fx  (%d sleeps of %.2f s overlapped)"):format(
  nthreads * io_s / io_gil, nthreads, io_s))
