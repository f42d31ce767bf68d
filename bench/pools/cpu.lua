-- bench/pools/cpu.lua -- a CPU-bound kernel run sequentially, in threads
-- with the simulated GIL, in threads without it, and in a process pool.
-- Every configuration runs `jobs` kernels; each round measures all of them
-- back to back and the ratios are reported as the median over the rounds,
-- so machine load hits them alike. Baselines: processes against the main
-- program running the jobs in turn; each thread mode against ONE worker of
-- that mode running them in turn (a GIL-mode state pays a per-instruction
-- hook, about 2.5x, which is the simulator's cost, not parallelism's).
-- Run with: looplab run bench/pools/cpu.lua  (or bench/pools/run.sh)
local threads = require("threads")
local procs = require("procs")
local K = knobs or {}
local jobs = math.tointeger(K.jobs) or 4
local workers = math.tointeger(K.workers) or 2
local n = math.tointeger(K.n) or 3000000
local rounds = math.tointeger(K.rounds) or 3

local function kernel(n)
  local s = 0
  for i = 1, n do s = (s + i * i) % 1000003 end
  return s
end

local busy = {}          -- label -> list of (process CPU time / wall time)
local function time(f, label)
  local t0, c0 = threads.monotonic(), os.clock()
  f()
  local wall = threads.monotonic() - t0
  if label then
    busy[label] = busy[label] or {}
    table.insert(busy[label], (os.clock() - c0) / wall)
  end
  return wall
end

local function run_pool(submit, fresult)
  local fs = {}
  for i = 1, jobs do fs[i] = submit(i) end
  for i = 1, jobs do fresult(fs[i]) end
end

local ex = {
  gil1 = threads.ThreadPoolExecutor{max_workers = 1, gil = true},
  gil = threads.ThreadPoolExecutor{max_workers = workers, gil = true},
  free1 = threads.ThreadPoolExecutor{max_workers = 1, gil = false},
  free = threads.ThreadPoolExecutor{max_workers = workers, gil = false},
  procs = procs.ProcessPoolExecutor(workers),
}
local function on(pool, label)
  return time(function()
    run_pool(function() return pool:submit(kernel, n) end,
             function(f) return f:result() end)
  end, label)
end
local ratios = {gil = {}, free = {}, procs = {}, hook = {}}
local seqs = {}
for r = 1, rounds do
  local seq = time(function() for _ = 1, jobs do kernel(n) end end, "seq")
  seqs[r] = seq
  local gil1, gil = on(ex.gil1), on(ex.gil, "gil")
  local free1, free = on(ex.free1), on(ex.free, "free")
  ratios.gil[r] = gil1 / gil
  ratios.free[r] = free1 / free
  ratios.procs[r] = seq / on(ex.procs)
  ratios.hook[r] = seq / gil1
end
for _, e in pairs(ex) do e:shutdown() end

local function median(t)
  local c = {}
  for i, v in ipairs(t) do c[i] = v end
  table.sort(c)
  return c[(#c + 1) // 2]
end
print(("kernel: %d iterations x %d jobs, %d workers, %d cores, %d rounds, sequential %.3f s (median)"):format(
  n, jobs, workers, threads.cpu_count(), rounds, median(seqs)))
print("| configuration | speed-up (median) | min | max | cores busy (CPU/wall, median) |")
print("|---|---|---|---|---|")
for _, k in ipairs({"gil", "free", "procs", "hook"}) do
  local t = ratios[k]
  local lo, hi = math.huge, 0
  for _, v in ipairs(t) do lo = math.min(lo, v); hi = math.max(hi, v) end
  local label = ({gil = workers .. " threads, GIL on (vs 1 GIL thread)",
                  free = workers .. " threads, GIL off (vs 1 free thread)",
                  procs = workers .. " processes (vs main, sequential)",
                  hook = "1 GIL thread vs main (the hook's cost)"})[k]
  print(("| %s | %.2fx | %.2fx | %.2fx | %s |"):format(label, median(t), lo, hi,
    busy[k] and ("%.2f"):format(median(busy[k])) or "-"))
end
print(("cores busy while sequential: %.2f (os.clock counts this process only;"
  .. " forked children are not in it)"):format(median(busy.seq)))
print(("GIL switches: %d (interval %d instructions)"):format(
  threads.gil_stats().switches, threads.getswitchinterval()))
