-- Checks for 1.2b (python, gensched.py). Display order = list order.
--
-- The file runs as a script (the statement's two workloads), then
-- run_workload(specs) is called with other task sets. What a correct
-- scheduler prints for a task set is worked out below by simulating one:
-- FIFO ready queue, sleepers woken in deadline order (ties: the one that
-- went to sleep first), each pass running the tasks that were ready when
-- it began. All sleeps are multiples of 1/8 s, so the sums are exact.

-- Python's str() of a number from a spec: 2 -> "2", 0.375 -> "0.375".
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

-- The steps of one task: a list of { print = line } and { sleep = s } /
-- { yield = true }, as the generator in gensched.py runs them.
local function steps_of(spec)
  local kind, name, a, b = spec[1], spec[2], spec[3], spec[4]
  local st = {}
  if kind == "worker" then
    for i = 0, a - 1 do
      st[#st + 1] = { print = name .. " " .. i }
      st[#st + 1] = { yield = true }
    end
  elseif kind == "napper" then
    st[#st + 1] = { print = name .. ": start" }
    st[#st + 1] = { sleep = a }
    st[#st + 1] = { print = name .. ": end" }
  else -- ticker
    for i = 0, a - 1 do
      st[#st + 1] = { print = name .. " " .. i }
      st[#st + 1] = { sleep = b }
    end
  end
  return st
end

-- Returns the printed lines and the virtual time the run takes.
local function simulate(specs)
  local out, now, seq = {}, 0, 0
  local ready, sleeping = {}, {}
  for i, spec in ipairs(specs) do
    ready[#ready + 1] = { steps = steps_of(spec), pc = 1, id = i }
  end
  local function step(task)           -- runs to the next yield or the end
    while task.pc <= #task.steps do
      local s = task.steps[task.pc]
      task.pc = task.pc + 1
      if s.print then out[#out + 1] = s.print
      else return s end
    end
    return nil
  end
  while #ready > 0 or #sleeping > 0 do
    if #ready == 0 then now = sleeping[1].deadline end
    while #sleeping > 0 and sleeping[1].deadline <= now do
      ready[#ready + 1] = table.remove(sleeping, 1).task
    end
    local n = #ready
    for _ = 1, n do
      local task = table.remove(ready, 1)
      local req = step(task)
      if req and req.yield then
        ready[#ready + 1] = task
      elseif req and req.sleep then
        seq = seq + 1
        sleeping[#sleeping + 1] = { deadline = now + req.sleep, seq = seq, task = task }
        table.sort(sleeping, function(x, y)
          if x.deadline ~= y.deadline then return x.deadline < y.deadline end
          return x.seq < y.seq
        end)
      end
    end
  end
  return out, now
end

local ROUND_ROBIN = { { "worker", "A", 3 }, { "worker", "B", 2 } }
local SLEEPERS = { { "napper", "slow", 2 }, { "napper", "fast", 1 },
                   { "ticker", "tick", 3, 0.75 } }

local function expected(sc)
  if sc.data.statement then
    local rr = simulate(ROUND_ROBIN)
    local sl = simulate(SLEEPERS)
    return "round robin:\n" .. table.concat(rr, "\n") .. "\nsleepers:\n"
           .. table.concat(sl, "\n") .. "\n"
  end
  return table.concat((simulate(sc.data.specs)), "\n") .. "\n"
end

local function expected_time(sc)
  if sc.data.statement then
    local _, t1 = simulate(ROUND_ROBIN)
    local _, t2 = simulate(SLEEPERS)
    return t1 + t2
  end
  local _, t = simulate(sc.data.specs)
  return t
end

local function show_specs(specs)
  local parts = {}
  for i, s in ipairs(specs) do
    local p = {}
    for k, v in ipairs(s) do
      p[k] = type(v) == "string" and ("\"" .. v .. "\"") or pynum(v)
    end
    parts[i] = "(" .. table.concat(p, ", ") .. ")"
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end

-- Off the half-second grid, exact in binary.
local SLEEPS = { 0.125, 0.25, 0.375, 0.625, 0.75, 0.875, 1.125, 1.25, 1.375 }
local NAMES = { "ann", "bob", "cat", "dan", "eve", "fay", "gus" }

-- True when no two tasks of specs wake at the same virtual time.
local function wakes_apart(specs)
  local seen = {}
  for i, spec in ipairs(specs) do
    local t = 0
    for _, st in ipairs(steps_of(spec)) do
      if st.sleep then
        t = t + st.sleep
        if seen[t] and seen[t] ~= i then return false end
        seen[t] = i
      end
    end
  end
  return true
end

local function workload(name, specs)
  return { name = name, call = "run_workload", args = { specs },
           data = { specs = specs } }
end

local function where(sc)
  if sc.data.statement then return "" end
  return " for run_workload(" .. show_specs(sc.data.specs) .. ")"
end

return {
  scenarios = {
    { name = "the statement's two workloads", data = { statement = true } },
    -- Three tasks due at 1.25 s at once; two at 0.625 s.
    workload("equal deadlines", {
      { "napper", "x", 1.25 }, { "napper", "y", 1.25 },
      { "ticker", "t", 3, 0.625 }, { "napper", "z", 0.625 } }),
    -- A busy worker while others sleep: it must not wait for them.
    workload("a worker among sleepers", {
      { "ticker", "tk", 2, 0.375 }, { "worker", "W", 3 },
      { "napper", "n", 0.875 } }),
    { name = "random task sets", count = 3, make = function(rng)
        -- No two tasks may wake at the same virtual moment here: your
        -- scheduler's clock also moves in real time, so which of two such
        -- tasks goes first would depend on how fast the machine is.
        local specs
        for _ = 1, 200 do
          local names = rng:shuffle({ table.unpack(NAMES) })
          specs = {}
          for i = 1, rng:int(2, 5) do
            local kind = rng:pick({ "worker", "napper", "ticker", "ticker" })
            if kind == "worker" then
              specs[i] = { "worker", names[i], rng:int(1, 4) }
            elseif kind == "napper" then
              specs[i] = { "napper", names[i], rng:pick(SLEEPS) }
            else
              specs[i] = { "ticker", names[i], rng:int(1, 4), rng:pick(SLEEPS) }
            end
          end
          if wakes_apart(specs) then break end
        end
        return { call = "run_workload", args = { specs }, data = { specs = specs } }
      end },
  },

  check.out {
    name = "prints every task's lines in scheduler order",
    points = 2, hint = 1,
    expect = expected,
    message = function(sc)
      return "The lines are not in the order a scheduler with sleeping "
        .. "tasks prints them" .. where(sc) .. ". A task that yields "
        .. "(\"sleep\", d) must be set aside until its deadline while the "
        .. "others keep running; a task that yields None goes to the back "
        .. "of the ready queue; when several sleepers are due, they wake "
        .. "in deadline order. Never sleep while some task is ready."
    end,
  },
  check.vtime {
    name = "sleeps exactly as long as the tasks ask",
    points = 2, hint = 2,
    -- The clock your scheduler reads also moves a little in real time
    -- between two calls, so a run may come out a few milliseconds short;
    -- it can never come out long.
    min = function(sc) return expected_time(sc) - 0.1 end,
    max = function(sc) return expected_time(sc) + 0.001 end,
    message = function(sc)
      return "The run took {measured} virtual seconds" .. where(sc)
        .. "; the tasks ask for " .. pynum(expected_time(sc)) .. " s (the "
        .. "longest chain of sleeps of one task, since sleeps of different "
        .. "tasks overlap). Much less means sleep requests are ignored. "
        .. "More means the scheduler wakes late or waits for one sleeper "
        .. "after another: when nothing is ready, call time.sleep once, "
        .. "exactly until the earliest deadline, instead of sleeping each "
        .. "request's length or checking again every so often."
    end,
  },
  {
    name = "runs on your scheduler, not on asyncio",
    points = 1,
    fn = function(run)
      if (run.out or "") == "" or run.error then
        return false, "Not earned yet: the tasks printed nothing"
          .. (run.error and " (the run ended with an error)" or "")
          .. ", so there was no scheduling to check.", ""
      end
      for _, e in ipairs(run.events or {}) do
        if e.ev == "spawn" or e.ev == "run" then
          return false, "An asyncio task ran (" .. tostring(e.name)
            .. "). The point is to build the loop yourself: drive the "
            .. "generators with next() from your own run() method.",
            tostring(e.name)
        end
      end
      return true
    end,
  },
  -- no event loop here: "runs" means the file ran to its end (main = false)
  check.noerror { name = "runs without an exception", points = 1, main = false },
}
