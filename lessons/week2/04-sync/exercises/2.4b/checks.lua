-- Checks for 2.4b (python, limit.py). Every scenario runs limited_gather
-- through run(jobs, limit) (or two_callers, or main), which returns
-- {"results": [...] or "raised ...", "peak": n}. The expected time is
-- computed by the rule the statement gives: job k starts as soon as one
-- of the `limit` slots is free, in argument order.

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

local function slots_end(jobs, limit, order)
  -- the time every job ends, and the last end, when each job takes the
  -- slot that frees first; `order` (job numbers from 0, as run() reports
  -- them) is the order they started in, argument order by default
  local free, ends, last = {}, {}, 0
  for i = 1, math.min(limit, #jobs) do free[i] = 0 end
  local seq = {}
  if type(order) == "table" and #order == #jobs then
    for i, n in ipairs(order) do seq[i] = n + 1 end
  else
    for i = 1, #jobs do seq[i] = i end
  end
  for _, k in ipairs(seq) do
    local job = jobs[k]
    local best = 1
    for i = 2, #free do if free[i] < free[best] then best = i end end
    ends[k] = free[best] + job[2]
    free[best] = ends[k]
    if ends[k] > last then last = ends[k] end
  end
  return ends, last
end

-- what run(jobs, limit) must return: the values, or the failure that
-- comes first
local function want_results(jobs, limit)
  local ends = slots_end(jobs, limit)
  local first
  for k, job in ipairs(jobs) do
    if job[3] and (not first or ends[k] < ends[first]) then first = k end
  end
  if first then return "raised " .. tostring(jobs[first][1]) .. " failed" end
  local vals = {}
  for k, job in ipairs(jobs) do vals[k] = job[1] end
  return vals
end

local function fails(jobs)
  for _, job in ipairs(jobs) do if job[3] then return true end end
  return false
end

local function show(v)
  if type(v) ~= "table" then return string.format("%q", tostring(v)) end
  local p = {}
  for i, x in ipairs(v) do
    p[i] = type(x) == "string" and ("'" .. x .. "'") or tostring(x)
  end
  return "[" .. table.concat(p, ", ") .. "]"
end

-- the parts of a scenario's result: { {got=, jobs=, limit=, label=} }
local function parts(run)
  local sc, r = run.scenario, run.result
  local list = {}
  for i, p in ipairs(sc.data.parts) do
    local got
    if type(r) == "table" then
      if p.key then got = r[p.key]
      elseif sc.call then got = r
      else got = r[i] end
    end
    list[i] = { got = got, jobs = p.jobs, limit = p.limit, label = p.label }
  end
  return list
end

local function no_result(run)
  local err = run.error or ""
  return "the run returned no result"
    .. (err ~= "" and (": " .. (err:match("([^\n]+)\n*$") or err)) or "")
    .. ". Keep run, two_callers and main as the starter has them, and "
    .. "return the list of results from limited_gather."
end

local function results_check(run)
  for _, p in ipairs(parts(run)) do
    if type(p.got) ~= "table" then return false, no_result(run) end
    local want = want_results(p.jobs, p.limit)
    if type(want) == "table" then
      local ok = type(p.got.results) == "table" and #p.got.results == #want
      for i = 1, #want do
        ok = ok and p.got.results[i] == want[i]
      end
      if not ok then
        local hint = ""
        if type(p.got.results) == "table" then
          local sorted = { table.unpack(want) }
          table.sort(sorted, function(a, b) return tostring(a) < tostring(b) end)
          hint = " The results must stand in the order of the coroutines "
            .. "you were given, like gather's, whatever order they finish "
            .. "in and whatever their values: do not collect them as they "
            .. "finish and do not sort them. Let gather (or a list indexed "
            .. "by position) keep the order."
        end
        return false, string.format("%s with a limit of %d returned %s; "
          .. "expected %s.%s", p.label, p.limit,
          show(p.got.results), show(want), hint), show(p.got.results)
      end
    end
  end
  return true
end

local SCEN = {}
local function jobs_run(jobs, limit, label)
  return { call = "run", args = { jobs, limit },
           data = { parts = { { jobs = jobs, limit = limit,
                                label = label or (#jobs .. " jobs") } } } }
end
local function named(name, sc) sc.name = name; return sc end

local FRUIT = { "fig", "ant", "kiwi", "date", "lime", "bean", "corn",
                "pear", "yam", "egg" }
local SECS = { 1, 2, 1, 1, 3, 1, 1, 2, 1, 1 }
local STATEMENT_A, STATEMENT_B = {}, {}
for i = 1, 10 do STATEMENT_A[i] = { FRUIT[i], SECS[i] } end
for n = 0, 5 do STATEMENT_B[n + 1] = { n * 7 % 10, 0.5 } end

local A2 = { { 31, 0.37 }, { 5, 1.21 }, { 17, 0.8 }, { 2, 0.44 },
             { 29, 0.06 }, { 11, 1.93 }, { 23, 0.5 } }
local B2 = { { "q", 0.7 }, { "c", 0.15 }, { "x", 1.1 }, { "m", 0.33 },
             { "a", 0.9 }, { "t", 0.41 }, { "e", 0.2 }, { "k", 0.62 } }

return {
  scenarios = {
    { name = "the statement's two calls",
      data = { parts = {
        { jobs = STATEMENT_A, limit = 3, label = "the ten fruit" },
        { jobs = STATEMENT_B, limit = 2, label = "the six numbers" } } } },
    named("limit 4, times off the half-second grid", jobs_run(
      { { 88, 0.73 }, { 13, 1.46 }, { 54, 0.29 }, { 7, 2.05 }, { 61, 0.9 },
        { 40, 0.38 }, { 26, 1.17 }, { 95, 0.61 }, { 3, 0.84 } }, 4,
      "nine jobs")),
    named("more slots than jobs", jobs_run(
      { { "owl", 0.8 }, { "cat", 1.3 }, { "emu", 0.45 } }, 5,
      "three jobs")),
    named("a job that fails", jobs_run(
      { { "tea", 0.6 }, { "ash", 1.7 }, { "oak", 0.35 }, { "bad", 0.9, true },
        { "elm", 0.25 }, { "yew", 1.05 } }, 2, "six jobs, the fourth failing")),
    { name = "two callers at once", call = "two_callers",
      args = { A2, 2, B2, 3 },
      data = { parts = {
        { key = "a", jobs = A2, limit = 2, label = "the first caller's jobs" },
        { key = "b", jobs = B2, limit = 3, label = "the second caller's jobs" },
      } } },
    { name = "random jobs", count = 4, make = function(rng)
        local jobs = {}
        for i = 1, rng:int(4, 12) do
          jobs[i] = { rng:int(0, 99), rng:float(0.05, 2.5, 2) }
        end
        -- values that do not grow with the position
        if jobs[1][1] < jobs[2][1] then
          jobs[1][1], jobs[2][1] = jobs[2][1], jobs[1][1]
        end
        local sc = jobs_run(jobs, rng:int(2, 5))
        return sc
      end },
  },

  {
    name = "returns the results in argument order",
    points = 2, hint = 3,
    fn = guarded(results_check),
  },
  {
    name = "never more than the limit at once, and the limit when there is work for it",
    points = 2, hint = 2,
    fn = guarded(function(run)
      for _, p in ipairs(parts(run)) do
        if type(p.got) ~= "table" then return false, no_result(run) end
        local want = math.min(p.limit, #p.jobs)
        if p.got.peak ~= want then
          return false, string.format("%s with a limit of %d: at most %s "
            .. "ran at once; expected %d. %s", p.label, p.limit,
            tostring(p.got.peak), want,
            (tonumber(p.got.peak) or 0) > want
              and "Every coroutine must hold a slot of one "
                  .. "asyncio.Semaphore(limit), made inside limited_gather "
                  .. "from its own `limit` argument, while it runs."
              or "The limit is there to be used: start new coroutines "
                 .. "while fewer than `limit` are running."),
            tostring(p.got.peak)
        end
      end
      return true
    end),
  },
  {
    name = "starts the next one as soon as a slot frees up",
    points = 2, hint = 2,
    fn = guarded(function(run)
      local want = 0
      local list = parts(run)
      for _, p in ipairs(list) do
        if fails(p.jobs) then return true end       -- the failing scenario
        if type(p.got) ~= "table" then return false, no_result(run) end
        local _, last = slots_end(p.jobs, p.limit, p.got.started)
        if run.scenario.call then want = math.max(want, last)
        else want = want + last end                  -- main: one after the other
      end
      local got = run.vtime or -1
      if math.abs(got - want) > 1e-6 then
        return false, string.format("The run took %.2f virtual seconds; "
          .. "with each coroutine starting the moment a slot is free it "
          .. "takes %.2f. %s", got, want,
          got > want
            and "Waiting for a whole group of `limit` before starting the "
                .. "next group (or running them one by one) leaves slots "
                .. "idle: with a Semaphore, the next coroutine starts as "
                .. "soon as any slot frees up."
            or "That is faster than `limit` slots allow: more "
               .. "coroutines ran at once than the limit (or some did "
               .. "not run to their end)."), string.format("%.2f", got)
      end
      return true, nil, string.format("%.2f", got)
    end),
  },
  {
    name = "a coroutine's exception reaches the caller",
    points = 1, hint = 2,
    scenarios = { "a job that fails" },
    fn = guarded(function(run)
      local p = parts(run)[1]
      if type(p.got) ~= "table" then return false, no_result(run) end
      local want = want_results(p.jobs, p.limit)
      if p.got.results ~= want then
        return false, string.format("The fourth job raises ValueError('bad "
          .. "failed') after 0.9 s; limited_gather returned %s instead of "
          .. "raising it (run() turns the exception it catches into %q). "
          .. "Like gather, let the exception out: do not catch it in the "
          .. "coroutine that holds the slot.", show(p.got.results), want),
          show(p.got.results)
      end
      return true
    end),
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
