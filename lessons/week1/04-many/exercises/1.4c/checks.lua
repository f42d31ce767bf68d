-- Checks for 1.4c (python, report.py). report(names) is run on the
-- statement's five jobs (as a script) and called on other JOBS tables:
-- one where retried attempts make the order of finishing differ from the
-- order of the jobs' seconds, one with ties, and random ones. Lines that
-- finish at the same moment may come in any order between themselves.

-- When each job finishes: its attempts run back to back from time 0
-- (summed the way the virtual clock sums them).
local function finish_times(jobs)
  local fin = {}
  for name, j in pairs(jobs) do
    local t = 0
    for _ = 0, j[2] do t = t + j[1] end
    fin[name] = t
  end
  return fin
end

local STATEMENT_JOBS = { alpha = { 3.0, 0 }, beta = { 1.0, 0 },
  gamma = { 2.0, 0 }, delta = { 1.0, 0 }, eps = { 0.5, 0 } }
local STATEMENT_NAMES = { "alpha", "beta", "gamma", "delta", "eps" }

local function call(name, names, jobs, results)
  return { name = name, call = "report", args = { names },
           set = { JOBS = jobs, RESULTS = results or {} },
           data = { names = names, fin = finish_times(jobs),
                    results = results or {} } }
end

local EPS = 1e-6

-- A string as Python would show it: 'text'.
local function pyq(s)
  s = tostring(s):gsub("\\", "\\\\"):gsub("'", "\\'"):gsub("\n", "\\n")
  return "'" .. s .. "'"
end

local function lines_of(text)
  local out = {}
  for line in (text or ""):gmatch("([^\n]*)\n?") do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

-- The names in the order they finish, with their times: "eps@0.50, ...".
local function expected_text(d)
  local names = {}
  for i, n in ipairs(d.names) do names[i] = n end
  table.sort(names, function(a, b)
    if math.abs(d.fin[a] - d.fin[b]) > EPS then return d.fin[a] < d.fin[b] end
    return a < b
  end)
  local t = {}
  for i, n in ipairs(names) do t[i] = string.format("%s@%.2f", n, d.fin[n]) end
  return table.concat(t, ", ")
end

local function printed_text(run)
  local t = {}
  for _, e in ipairs(run.events or {}) do
    if e.ev == "output" then
      t[#t + 1] = string.format("%s@%.2f", pyq(e.what), e.t)
    end
  end
  return #t > 0 and table.concat(t, ", ") or "nothing"
end

return {
  scenarios = {
    { name = "the statement's five jobs",
      data = { names = STATEMENT_NAMES, fin = finish_times(STATEMENT_JOBS) } },
    call("retries change the order", { "a", "b", "c", "d", "e", "f" },
      { a = { 0.4, 2 }, b = { 0.9, 0 }, c = { 0.35, 3 }, d = { 1.1, 0 },
        e = { 0.25, 1 }, f = { 0.6, 0 } }),
    call("three finish together, then two", { "s", "p", "t", "q", "r" },
      { s = { 1.3, 0 }, p = { 0.7, 0 }, t = { 1.3, 0 }, q = { 0.7, 0 },
        r = { 0.35, 1 } }),
    { name = "random jobs", count = 3, make = function(rng)
        local pool = rng:shuffle({ "ant", "bee", "cat", "dog", "elk", "fox",
                                   "gnu", "hen" })
        local names, jobs = {}, {}
        local results = {}
        for i = 1, rng:int(3, 7) do
          names[i] = pool[i]
          jobs[pool[i]] = { rng:float(0.05, 2.0, 2), rng:int(0, 2) }
          -- what fetch returns: only reading it prints the right line
          results[pool[i]] = ("%s-%d"):format(pool[i], rng:int(100, 999))
        end
        local sc = call(nil, names, jobs, results)
        sc.name = nil
        return sc
      end },
  },

  {
    name = "prints every result once, in the order they finish", points = 2,
    hint = 2,
    fn = function(run)
      local d = run.scenario.data
      local seen, last, prev = {}, -1, nil
      local lines = lines_of(run.out)
      local want = "Expected one line \"<name>: <what fetch(name) returned>\" per "
        .. "name, in the order the jobs finish: " .. expected_text(d)
        .. " (lines that finish together may come in any order)."
      for _, line in ipairs(lines) do
        local name, got = line:match("^(.-): (.*)$")
        local res = name and ((d.results or {})[name] or ("result of " .. name))
        if not name or got ~= res or not d.fin[name] then
          return false, "Printed " .. pyq(line) .. ", "
            .. "which is not a line of this call. " .. want,
            printed_text(run)
        end
        if seen[name] then
          return false, name .. " was printed twice. " .. want,
            printed_text(run)
        end
        seen[name] = true
        if d.fin[name] < last - EPS then
          return false, string.format("%s (done at %.2f s) was printed "
            .. "after %s (done at %.2f s). %s Print each result when its "
            .. "task finishes: asyncio.wait(pending, return_when="
            .. "asyncio.FIRST_COMPLETED) in a loop, or asyncio.as_completed.",
            name, d.fin[name], prev, last, want), printed_text(run)
        end
        last, prev = d.fin[name], name
      end
      for _, name in ipairs(d.names) do
        if not seen[name] then
          return false, "Nothing was printed for " .. name .. " (printed: "
            .. printed_text(run) .. "). " .. want .. " report must wait "
            .. "until every job has been printed before it returns.",
            tostring(#lines) .. " lines"
        end
      end
      return true
    end,
  },
  {
    name = "prints each result the moment it arrives", points = 2, hint = 2,
    fn = function(run)
      local d = run.scenario.data
      local any = false
      for _, e in ipairs(run.events or {}) do
        if e.ev == "output" then
          local name = tostring(e.what):match("^(.-): ")
          local fin = name and d.fin[name]
          if fin then
            any = true
            if math.abs(e.t - fin) > EPS then
              return false, string.format("The line for %s came at %.2f s, "
                .. "but its job finished at %.2f s. Print each line as soon "
                .. "as its task is done, not after waiting for the others "
                .. "and not after checking every so often with "
                .. "asyncio.sleep: wait for the next finished task with "
                .. "asyncio.wait(..., return_when=asyncio.FIRST_COMPLETED) "
                .. "or asyncio.as_completed.", name, e.t, fin),
                printed_text(run)
            end
          end
        end
      end
      if not any then
        return false, "No line \"<name>: result of <name>\" was printed.",
          "nothing"
      end
      return true
    end,
  },
  check.vtime {
    name = "takes as long as the slowest job", points = 1, hint = 1,
    eq = function(sc)
      local m = 0
      for _, t in pairs(sc.data.fin) do m = math.max(m, t) end
      return m
    end,
    message = "It took {measured} virtual seconds; the slowest job of this "
           .. "call finishes at {expected} s. Start every fetch before you "
           .. "wait for any, and wait until each one has been printed.",
  },
  check.noleak {
    name = "leaves nothing running", points = 1, hint = 3,
    message = "When report returned, a task was still running (or its "
           .. "result was never read). Keep the tasks you create and wait "
           .. "for every one of them before report returns.",
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
