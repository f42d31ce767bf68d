-- Checks for 1.1b (lua, classify.lua). Display order = list order.
-- classify is called directly; run_io runs on a fresh virtual-clock loop
-- through run.exec, which reports its result and its virtual time.

-- "{ {io=4, cpu=1}, {io=3, cpu=2} }", for messages.
local function show(jobs)
  local parts = {}
  for i, job in ipairs(jobs) do
    parts[i] = string.format("{io=%g, cpu=%g}", job.io, job.cpu)
  end
  if #parts == 0 then return "{}" end
  return "{ " .. table.concat(parts, ", ") .. " }"
end

-- A fresh copy of each job list per call, so a solution that changes
-- its argument cannot change later cases.
local function copy(jobs)
  local t = {}
  for i, job in ipairs(jobs) do t[i] = { io = job.io, cpu = job.cpu } end
  return t
end

local function get(run, name)
  local m = run.module
  if type(m) ~= "table" then
    return nil, "classify.lua must end with `return M` (the module "
             .. "table); it returned " .. type(m) .. "."
  end
  if type(m[name]) ~= "function" then
    return nil, "The module has no function `" .. name .. "`. Keep "
             .. "`function M." .. name .. "(jobs)` from the starter."
  end
  return m[name]
end

-- Run classify on each { jobs, expected } case; stop at the first miss.
local function classify_cases(cases, why)
  return function(run)
    local classify, err = get(run, "classify")
    if not classify then return false, err end
    for _, case in ipairs(cases) do
      local jobs, want = case[1], case[2]
      local ok, got = pcall(classify, copy(jobs))
      if not ok then
        return false, "classify(" .. show(jobs) .. ") raised an error: "
                      .. tostring(got), "error"
      end
      if got ~= want then
        return false, string.format(
          "classify(%s) returned %s; expected %q. %s",
          show(jobs), type(got) == "string" and string.format("%q", got)
                       or tostring(got), want, why), tostring(got)
      end
    end
    return true
  end
end

local IO_JOBS = { { io = 2, cpu = 0 }, { io = 1, cpu = 0 }, { io = 3, cpu = 0 } }

return {
  check.noerror {
    name = "classify.lua loads without an error",
    points = 1,
  },
  {
    name = "classify: clear io, cpu and mixed cases",
    points = 2,
    fn = classify_cases({
      { { { io = 1, cpu = 0 }, { io = 2, cpu = 0 }, { io = 0.5, cpu = 0 } }, "io" },
      { { { io = 0, cpu = 1.5 }, { io = 0.1, cpu = 2 } }, "cpu" },
      { { { io = 1, cpu = 1 }, { io = 2, cpu = 1.5 } }, "mixed" },
      { { { io = 9, cpu = 1 }, { io = 0, cpu = 1 } }, "io" },
    }, "Add up cpu and io over ALL the jobs, then take one share: "
       .. "total cpu / (total io + total cpu). Under 0.3 is \"io\", over "
       .. "0.7 is \"cpu\", anything else is \"mixed\"."),
  },
  {
    name = "classify: shares of exactly 0.3 and 0.7 are mixed",
    points = 1, hidden = true,
    fn = classify_cases({
      { { { io = 4, cpu = 1 }, { io = 3, cpu = 2 } }, "mixed" },   -- 3/10
      { { { io = 2, cpu = 3 }, { io = 1, cpu = 4 } }, "mixed" },   -- 7/10
    }, "The edges belong to \"mixed\": \"io\" needs a share strictly "
       .. "below 0.3 and \"cpu\" strictly above 0.7."),
  },
  {
    name = "classify: an empty list or zero total time is io",
    points = 1, hidden = true,
    fn = classify_cases({
      { {}, "io" },
      { { { io = 0, cpu = 0 }, { io = 0, cpu = 0 } }, "io" },
    }, "With no time at all there is nothing to compute: return \"io\" "
       .. "before dividing by a zero total (0/0 is nan in Lua)."),
  },
  {
    name = "run_io: returns the number of jobs finished",
    points = 1,
    fn = function(run)
      local run_io, err = get(run, "run_io")
      if not run_io then return false, err end
      local r = run.exec(run_io, copy(IO_JOBS))
      if not r.ok then
        return false, "run_io(" .. show(IO_JOBS) .. ") raised an error: "
                      .. tostring(r.error), "error"
      end
      if r.value ~= 3 then
        return false, "run_io(" .. show(IO_JOBS) .. ") returned "
          .. tostring(r.value) .. "; expected 3, one per finished job. "
          .. "Count the jobs after aio.gather returns (aio.sleep itself "
          .. "returns nothing, so count with a wait function that "
          .. "returns true).", tostring(r.value)
      end
      return true, nil, "3"
    end,
  },
  {
    name = "run_io: the waits overlap (2, 1, 3 s take 3 s)",
    points = 2,
    fn = function(run)
      local run_io, err = get(run, "run_io")
      if not run_io then return false, err end
      local r = run.exec(run_io, copy(IO_JOBS))
      local measured = string.format("%.2f", r.vtime or -1)
      if not r.ok then
        return false, "run_io raised an error: " .. tostring(r.error),
               measured
      end
      if r.vtime > 1.1 * 3.0 then
        return false, "run_io took " .. measured .. " virtual seconds for "
          .. "waits of 2, 1 and 3 s. Waiting for one job after another "
          .. "adds them up (6 s); start one task per job with "
          .. "aio.create_task, then aio.gather them, and the total is "
          .. "the longest wait, 3 s.", measured
      end
      if r.vtime < 3.0 then
        return false, "run_io took " .. measured .. " virtual seconds, "
          .. "less than the longest wait (3 s): every job must really "
          .. "wait job.io seconds with aio.sleep.", measured
      end
      return true, nil, measured
    end,
  },
}
