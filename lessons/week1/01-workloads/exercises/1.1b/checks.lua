-- Checks for 1.1b (python, classify.py). Display order = list order.
--
-- classify is graded through classify_all(workloads) (the starter's
-- helper: one call classifies a whole list of workloads), run_io by calling
-- it with job lists. The statement's file also runs as a script.

-- {io=, cpu=} job tables, as the Python side sees them: {"io": .., "cpu": ..}
local function J(io, cpu) return { io = io, cpu = cpu } end

local function pynum(x)
  if math.type(x) == "integer" then return string.format("%d", x) end
  for digits = 1, 17 do
    local s = string.format("%." .. digits .. "g", x)
    if tonumber(s) == x then
      if not s:find("[.eEn]") then s = s .. ".0" end
      return s
    end
  end
  return string.format("%.17g", x)
end

-- The last line of a traceback: "ZeroDivisionError: division by zero".
local function last_line(err)
  return tostring(err):gsub("%s+$", ""):match("([^\n]*)$")
end

-- [{"io": 2, "cpu": 0.1}, ...], for messages.
local function show(jobs)
  local parts = {}
  for i, j in ipairs(jobs) do
    parts[i] = "{\"io\": " .. pynum(j.io) .. ", \"cpu\": " .. pynum(j.cpu) .. "}"
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end

local function kind_of(jobs)
  local io, cpu = 0, 0
  for _, j in ipairs(jobs) do io = io + j.io; cpu = cpu + j.cpu end
  if io + cpu == 0 then return "io", nil end
  local share = cpu / (io + cpu)
  if share < 0.3 then return "io", share end
  if share > 0.7 then return "cpu", share end
  return "mixed", share
end

local STATEMENT = {
  { "crawler", { J(2, 0.1), J(1, 0), J(3, 0.2) } },
  { "thumbnails", { J(0.1, 2), J(0.2, 1.5) } },
  { "reports", { J(1, 1), J(2, 1.5) } },
}

local function kinds(workloads)
  local t = {}
  for i, w in ipairs(workloads) do t[i] = (kind_of(w[2])) end
  return t
end

-- One scenario calling classify_all on these workloads.
local function classify_scenario(name, workloads)
  return { name = name, call = "classify_all", args = { workloads },
           data = { workloads = workloads, kinds = kinds(workloads) } }
end

-- A random workload whose share is at least 0.03 away from 0.3 and 0.7,
-- of the kind asked for.
local function random_workload(rng, want)
  for _ = 1, 200 do
    local jobs = {}
    for i = 1, rng:int(1, 4) do
      jobs[i] = J(rng:float(0, 3, 2), rng:float(0, 3, 2))
    end
    local k, share = kind_of(jobs)
    if k == want and share
       and math.abs(share - 0.3) > 0.03 and math.abs(share - 0.7) > 0.03 then
      return jobs
    end
  end
  error("no random workload of kind " .. want)
end

-- Compare run.result with sc.data.kinds, one workload at a time.
local function classify_fn(why)
  return function(run)
    local sc = run.scenario
    local got = run.result
    if type(got) ~= "table" then
      return false, "classify_all(...) did not return a list"
        .. (run.error and (": it raised " .. last_line(run.error)) or
            (" (it returned " .. (got == nil and "None" or tostring(got)) .. ")"))
        .. ". Keep classify_all and main() as the starter has them, and "
        .. "make classify(jobs) return \"io\", \"cpu\" or \"mixed\".",
        "no list"
    end
    for i, w in ipairs(sc.data.workloads) do
      local want, g = sc.data.kinds[i], got[i]
      if g ~= want then
        return false, string.format("classify(%s) returned %s; expected "
          .. "\"%s\". %s", show(w[2]),
          type(g) == "string" and ("\"" .. g .. "\"") or (g == nil and "None" or tostring(g)),
          want, why), g == nil and "None" or tostring(g)
      end
    end
    return true
  end
end

local RUN_IO = { "run_io: waits of 2, 1 and 3 s", "run_io: random waits" }
local CLEAR = { "the statement's workloads", "random workloads",
                "one share for the whole list" }

local function longest(jobs)
  local m = 0
  for _, j in ipairs(jobs) do m = math.max(m, j.io) end
  return m
end

return {
  scenarios = {
    -- The file as it is: main() prints the kinds and returns them.
    { name = "the statement's workloads",
      data = { workloads = STATEMENT, kinds = kinds(STATEMENT) } },
    { name = "random workloads", count = 2, make = function(rng)
        local ws = {}
        for i, want in ipairs(rng:shuffle({ "io", "cpu", "mixed",
                                            rng:pick({ "io", "cpu", "mixed" }) })) do
          ws[i] = { "w" .. i, random_workload(rng, want) }
        end
        local sc = classify_scenario(nil, ws)
        sc.name = nil
        return sc
      end },
    -- The average job, or what most jobs are, gives another answer here.
    classify_scenario("one share for the whole list", {
      { "one busy job", { J(9, 1), J(0, 1) } },                -- 2/11: io
      { "one idle job", { J(1, 9), J(1, 0) } },                -- 9/11: cpu
      { "three jobs", { J(0.5, 0.5), J(8, 0.2), J(0.1, 1.2) } }, -- 1.9/10.5: io
      { "two small cpu jobs", { J(0.1, 0.2), J(0.1, 0.2), J(5, 0) } }, -- io
    }),
    classify_scenario("shares of exactly 0.3 and 0.7", {
      { "edge 0.3", { J(4, 1), J(3, 2) } },                    -- 3/10
      { "edge 0.7", { J(2, 3), J(1, 4) } },                    -- 7/10
      { "one job at 0.3", { J(7, 3) } },
    }),
    classify_scenario("no time at all", {
      { "no jobs", {} },
      { "idle jobs", { J(0, 0), J(0, 0) } },
    }),
    { name = "run_io: waits of 2, 1 and 3 s", call = "run_io",
      args = { { J(2, 0), J(1, 0), J(3, 0) } },
      data = { jobs = { J(2, 0), J(1, 0), J(3, 0) } } },
    { name = "run_io: random waits", count = 2, make = function(rng)
        local jobs = {}
        for i = 1, rng:int(2, 7) do
          jobs[i] = J(rng:float(0.05, 2.5, 2), rng:float(0, 0.2, 2))
        end
        jobs[#jobs + 1] = J(jobs[1].io, 0)       -- two equal waits
        return { call = "run_io", args = { jobs }, data = { jobs = jobs } }
      end },
  },

  {
    name = "classify: clear io, cpu and mixed cases",
    points = 2, scenarios = CLEAR, hint = 1,
    fn = classify_fn("Add up cpu and io over ALL the jobs of the list, "
      .. "then compute one share: total cpu / (total io + total cpu). "
      .. "Under 0.3 is \"io\", over 0.7 is \"cpu\", anything else is "
      .. "\"mixed\". Neither the average job nor what most jobs are "
      .. "decides it."),
  },
  {
    name = "classify: shares of exactly 0.3 and 0.7 are mixed",
    points = 1, hidden = true, scenarios = { "shares of exactly 0.3 and 0.7" },
    hint = 2,
    fn = classify_fn("The edges belong to \"mixed\": \"io\" needs a share "
      .. "strictly below 0.3 and \"cpu\" strictly above 0.7."),
  },
  {
    name = "classify: no jobs, or no time at all, is io",
    points = 1, hidden = true, scenarios = { "no time at all" }, hint = 1,
    fn = classify_fn("With no time at all there is nothing to compute: "
      .. "return \"io\" before dividing by a zero total (in Python that "
      .. "division raises ZeroDivisionError)."),
  },
  {
    name = "run_io: returns the number of jobs finished",
    points = 1, scenarios = RUN_IO,
    fn = function(run)
      local jobs = run.scenario.data.jobs
      if run.result ~= #jobs then
        return false, "run_io(" .. show(jobs) .. ") returned "
          .. (run.result == nil and "None" or tostring(run.result))
          .. (run.error and (" and raised " .. last_line(run.error)) or "")
          .. "; expected " .. #jobs .. ", one per finished job. Wait for "
          .. "all of them, then return how many finished.",
          run.result == nil and "None" or tostring(run.result)
      end
      return true, nil, tostring(run.result)
    end,
  },
  check.vtime {
    name = "run_io: takes as long as the longest wait",
    points = 2, scenarios = RUN_IO, hint = 2,
    min = function(sc) return longest(sc.data.jobs) - 1e-6 end,
    max = function(sc) return longest(sc.data.jobs) + 1e-6 end,
    message = function(sc)
      return "run_io(" .. show(sc.data.jobs) .. ") took {measured} virtual "
        .. "seconds; with all the waits in flight at once it takes as long "
        .. "as the longest one, " .. pynum(longest(sc.data.jobs)) .. " s. "
        .. "More means the jobs still wait one after another (an `await` "
        .. "inside a for loop waits for each job in turn): start them all, "
        .. "then wait for all of them (asyncio.gather). Less means run_io "
        .. "returned before the waits were over: await them."
    end,
  },
  {
    name = "run_io: every job waits in its own task",
    points = 1, scenarios = RUN_IO, hint = 3,
    fn = function(run)
      local jobs = run.scenario.data.jobs
      local done = {}
      for _, e in ipairs(run.events or {}) do
        if e.ev == "done" and e.task and e.task ~= 1 then done[#done + 1] = e.t end
      end
      table.sort(done)
      local waits = {}
      for i, j in ipairs(jobs) do waits[i] = j.io end
      table.sort(waits)
      local k = 1
      for _, w in ipairs(waits) do
        while done[k] and done[k] < w - 1e-6 do k = k + 1 end
        if not done[k] or done[k] > w + 1e-6 then
          return false, "run_io(" .. show(jobs) .. "): no task finished at "
            .. pynum(w) .. " s, when the job waiting " .. pynum(w) .. " s "
            .. "should have. Each job must wait in a task of its own, all "
            .. "at once: asyncio.gather(*(asyncio.sleep(job[\"io\"]) for "
            .. "job in jobs)) makes one per job. One sleep for the longest "
            .. "time is not waiting for every job.", "no task at " .. pynum(w) .. " s"
        end
        k = k + 1
      end
      return true
    end,
  },
  check.noblock {
    name = "never blocks the event loop",
    points = 1, scenarios = { "the statement's workloads", "run_io: waits of 2, 1 and 3 s",
                              "run_io: random waits" },
    message = "A blocking call such as time.sleep() stops the whole event "
           .. "loop, so the other jobs cannot wait at the same time. Wait "
           .. "with `await asyncio.sleep(...)` instead.",
  },
  check.noerror {
    name = "runs without an exception",
    points = 1, scenarios = { "the statement's workloads" },
  },
}
