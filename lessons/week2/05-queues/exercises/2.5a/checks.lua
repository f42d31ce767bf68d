-- Checks for 2.5a (python, pool.py). Each scenario runs
-- run_pool(items, n_workers) (main runs it on the statement's twelve
-- items) with its own SECONDS (time per item) and BAD (items that
-- raise ValueError), and reads the report it returns:
-- {"processed": [...], "failed": [...], "peak": n, "stopped": n}.

-- every check reads its scenario's data: without one (a dry run of the
-- checks) there is nothing to measure
local function guarded(f)
  return function(run)
    if type(run) ~= "table" or type(run.scenario) ~= "table"
        or type(run.scenario.data) ~= "table" then
      return false, "this check needs a scenario run"
    end
    return f(run)
  end
end

local EPS = 1e-6

local function sorted(t)
  local c = { table.unpack(t) }
  table.sort(c)
  return c
end

local function show(t)
  if type(t) ~= "table" then return tostring(t) end
  local p = {}
  for i, x in ipairs(t) do p[i] = tostring(x) end
  return "[" .. table.concat(p, ", ") .. "]"
end

local function same_list(a, b)
  if type(a) ~= "table" or #a ~= #b then return false end
  for i = 1, #b do if a[i] ~= b[i] then return false end end
  return true
end

local function report(run)
  local r = run.result
  local err = run.error or ""
  if err:find("deadlock") then
    return nil, "run_pool never returned: every task was waiting (a "
      .. "deadlock), in queue.join() or in a put() into the full queue. "
      .. "join() returns once every get() has been matched by a "
      .. "task_done(), and put() needs a live worker to make room: a bad "
      .. "item must neither kill its worker nor skip its task_done(). "
      .. "Catch its ValueError in the worker and call queue.task_done() "
      .. "in a finally: block, so it runs on the error path too."
  end
  if type(r) ~= "table" or type(r.processed) ~= "table" then
    return nil, "run_pool returned no report"
      .. (err ~= "" and (": " .. (err:match("([^\n]+)\n*$") or err)) or "")
      .. ". Keep its return statement and main as the starter has them."
  end
  return r
end

local function pool(items, workers, seconds, bad)
  return { call = "run_pool", args = { items, workers },
           set = { SECONDS = seconds, BAD = bad },
           data = { items = items, workers = workers, seconds = seconds,
                    bad = bad } }
end
local function named(name, sc) sc.name = name; return sc end

local TWELVE = {}
for i = 0, 11 do TWELVE[#TWELVE + 1] = i end
local TWENTY = {}
for i = 0, 19 do TWENTY[#TWENTY + 1] = i end

return {
  scenarios = {
    { name = "the statement's twelve items",
      data = { items = TWELVE, workers = 3, seconds = 1.0, bad = { 7 } } },
    named("twenty items, two bad ones, 0.37 s each",
      pool(TWENTY, 3, 0.37, { 4, 13 })),
    named("four workers, the first item bad",
      pool({ 31, 8, 55, 2, 19, 40, 7, 23, 66, 12 }, 4, 0.61, { 31 })),
    named("two workers, the last item bad",
      pool({ 5, 9, 1, 14, 3, 11, 6 }, 2, 1.3, { 6 })),
    { name = "a random pool", count = 3, make = function(rng)
        local items, bad = {}, {}
        local n = rng:int(1, 22)
        local pool_ = {}
        for i = 1, 60 do pool_[i] = i end
        rng:shuffle(pool_)
        for i = 1, n do items[i] = pool_[i] end
        local workers = rng:int(1, 7)
        -- fewer bad items than workers: the starter, whose workers die
        -- on a bad item, must still run to its end
        for i = 1, rng:int(0, math.min(3, n, workers - 1)) do
          bad[i] = items[rng:int(1, n)]
        end
        return pool(items, workers, rng:float(0.1, 1.5, 2), bad)
      end },
  },

  {
    name = "processes every item once, reports the bad ones",
    points = 3, hint = 2,
    fn = guarded(function(run)
      local r, why = report(run)
      if not r then return false, why end
      local d = run.scenario.data
      local isbad = {}
      for _, b in ipairs(d.bad) do isbad[b] = true end
      local good, bad = {}, {}
      for _, x in ipairs(d.items) do
        if isbad[x] then bad[#bad + 1] = x else good[#good + 1] = x * x end
      end
      good, bad = sorted(good), sorted(bad)
      if not same_list(r.processed, good) or not same_list(r.failed, bad) then
        return false, string.format("%d items on %d workers, bad items %s: "
          .. "the report said processed %s and failed %s; expected "
          .. "processed %s and failed %s. %s", #d.items, d.workers,
          show(sorted(d.bad)), show(r.processed), show(r.failed),
          show(good), show(bad),
          "Wait for the work with `await queue.join()` (not a sleep), "
            .. "and in the worker catch the ValueError of a bad item, "
            .. "record the item in `failed` and keep going; only "
            .. "ValueError: a worker cancelled while it waits must stop, "
            .. "not count as a failure."), show(r.failed)
      end
      return true
    end),
  },
  {
    name = "the workers are stopped before run_pool returns",
    points = 2, hint = 3,
    fn = guarded(function(run)
      local r, why = report(run)
      if not r then return false, why end
      local d = run.scenario.data
      local pending = run.tasks_pending or {}
      if r.stopped ~= d.workers or #pending > 0 then
        return false, string.format("run_pool reported %s of %d workers "
          .. "stopped, and %d task(s) were still pending when it "
          .. "returned. After join(), every worker waits in get() "
          .. "forever: cancel each one and await them (asyncio.gather("
          .. "*workers, return_exceptions=True)), or put one sentinel "
          .. "per worker (not one for the whole queue) and await them.",
          tostring(r.stopped), d.workers, #pending), tostring(r.stopped)
      end
      return true
    end),
  },
  {
    name = "n workers share the work",
    points = 1, hint = 1,
    fn = guarded(function(run)
      local r, why = report(run)
      if not r then return false, why end
      local d = run.scenario.data
      local n = #d.items
      local rounds = math.ceil(n / d.workers)
      local want_t = rounds * d.seconds
      local want_peak = math.min(d.workers, n)
      local got = run.vtime or -1
      if r.peak ~= want_peak or math.abs(got - want_t) > EPS then
        return false, string.format("%d items of %.2f s on %d workers: "
          .. "%s at once, %.2f virtual seconds; expected %d at once and "
          .. "%.2f s (%d rounds). Start n_workers workers, and return as "
          .. "soon as queue.join() says the work is done.", n, d.seconds,
          d.workers, tostring(r.peak), got, want_peak, want_t, rounds),
          string.format("%.2f", got)
      end
      return true, nil, string.format("%.2f", got)
    end),
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
