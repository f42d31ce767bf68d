-- Checks for 2.5c (python, stop.py). Each scenario runs run(items,
-- n_workers, after, drain) (main runs the statement's six items twice,
-- draining then immediate) with its own SECONDS, and reads the report:
-- {"log": [["done <item>", t], ...], "stopped": n, "returned": t}.
-- From the statement: the workers take the items in order, each the
-- moment it is free, so item k (from 0) starts at floor(k / n) * SECONDS.
--   drain:     every item done; returns when the last is done (or at
--              `after`, if the work was over by then)
--   immediate: the items started before `after` are done, the others
--              dropped; returns when the last started one is done
-- Scenarios keep `after` away from the moments an item starts.

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

local function f2(t) return string.format("%.2f", t) end

local function expect(r)
  local done, last = {}, r.after
  for k, item in ipairs(r.items) do
    local start = math.floor((k - 1) / r.workers) * r.seconds
    if r.drain or start < r.after then
      done[#done + 1] = { item = item, t = start + r.seconds }
      last = math.max(last, start + r.seconds)
    end
  end
  return done, last
end

local function show_items(list)
  local p = {}
  for i, d in ipairs(list) do p[i] = tostring(d.item) end
  return "[" .. table.concat(p, ", ") .. "]"
end

local function describe(r)
  return string.format("%d items of %s s, %d worker%s, stop at %s s (%s)",
    #r.items, f2(r.seconds), r.workers, r.workers == 1 and "" or "s",
    f2(r.after), r.drain and "drain" or "immediate")
end

-- the runs of a scenario, each with the report it returned
local function runs(run)
  local sc, res = run.scenario, run.result
  local list = {}
  for i, r in ipairs(sc.data.runs) do
    local got
    if type(res) == "table" then
      if r.key then got = res[r.key] else got = res end
    end
    list[i] = { spec = r, got = got }
  end
  return list
end

local function no_report(run)
  local err = run.error or ""
  if err:find("deadlock") then
    return "run() never returned: every task was waiting (a deadlock), "
      .. "most likely in queue.join(). join() waits until every item put "
      .. "in the queue has had its task_done(): an item you drop with "
      .. "get_nowait() needs its task_done() too."
  end
  return "run() returned no report"
    .. (err ~= "" and (": " .. (err:match("([^\n]+)\n*$") or err)) or "")
    .. ". Keep its return statement and main as the starter has them."
end

local function done_check(mode_drain)
  return function(run)
    for _, x in ipairs(runs(run)) do
      local r = x.spec
      if r.drain == mode_drain then
        if type(x.got) ~= "table" or type(x.got.log) ~= "table" then
          return false, no_report(run)
        end
        local want = expect(r)
        local at = {}
        local count = 0
        for _, e in ipairs(x.got.log) do
          if type(e) == "table" then
            local item = tostring(e[1]):match("^done (.+)$")
            if item then at[item] = e[2]; count = count + 1 end
          end
        end
        local bad
        for _, d in ipairs(want) do
          local t = at[tostring(d.item)]
          if t == nil or math.abs(t - d.t) > EPS then bad = d break end
        end
        if bad or count ~= #want then
          local got = {}
          for _, e in ipairs(x.got.log) do got[#got + 1] = tostring(e[1]) end
          return false, string.format("%s: the workers did [%s]; expected "
            .. "%s done%s. %s", describe(r), table.concat(got, ", "),
            show_items(want),
            bad and string.format(" (item %s at %s s)", tostring(bad.item),
              f2(bad.t)) or "",
            mode_drain
              and "Draining means: wait with `await queue.join()` until "
                  .. "every item put in the queue is done, and only then "
                  .. "stop the workers (cancel them, or one sentinel per "
                  .. "worker put after the items)."
              or "Immediate means: take the items nobody has started "
                 .. "out of the queue (get_nowait() and task_done() for "
                 .. "each), but let the workers finish the items they "
                 .. "hold before they stop: cancelling them at once "
                 .. "throws that work away."),
            tostring(count)
        end
      end
    end
    return true
  end
end

local function one(items, workers, seconds, after, drain)
  return { call = "run", args = { items, workers, after, drain },
           set = { SECONDS = seconds },
           data = { runs = { { items = items, workers = workers,
             seconds = seconds, after = after, drain = drain } } } }
end
local function named(name, sc) sc.name = name; return sc end

local SIX = { 0, 1, 2, 3, 4, 5 }

return {
  scenarios = {
    { name = "the statement's six items, drained then immediate",
      data = { runs = {
        { key = "drain", items = SIX, workers = 2, seconds = 1.0,
          after = 1.5, drain = true },
        { key = "immediate", items = SIX, workers = 2, seconds = 1.0,
          after = 1.5, drain = false } } } },
    named("three workers, 0.45 s items, drained at 1 s",
      one({ 12, 7, 30, 4, 19, 25, 8, 16, 3, 11 }, 3, 0.45, 1.0, true)),
    named("two workers, 0.3 s items, immediate at 0.7 s",
      one({ 5, 14, 2, 9, 21, 6, 13, 1, 17 }, 2, 0.3, 0.7, false)),
    named("stopped after the work is over",
      one({ 40, 41, 42, 43 }, 2, 0.4, 2.35, false)),
    named("one worker, immediate",
      one({ 8, 3, 6, 1, 9 }, 1, 0.83, 1.2, false)),
    { name = "a random stop", count = 3, make = function(rng)
        local items = {}
        for i = 1, rng:int(1, 10) do items[i] = rng:int(0, 99) end
        local seconds = rng:float(0.1, 1.2, 2)
        local after = rng:float(0.05, 4.0, 2)
        -- keep the stop away from the moments an item starts
        local function near()
          local m = math.floor(after / seconds + 0.5)
          return math.abs(after - m * seconds) < 0.02
        end
        while near() do after = after + 0.037 end
        return one(items, rng:int(1, 4), seconds, after, rng:int(0, 1) == 1)
      end },
  },

  {
    name = "drain: every item is worked on before the workers stop",
    points = 2, hint = 2,
    fn = guarded(done_check(true)),
  },
  {
    name = "immediate: queued items dropped, taken items finished",
    points = 2, hint = 3,
    fn = guarded(done_check(false)),
  },
  {
    name = "the workers are stopped before run returns",
    points = 2, hint = 1,
    fn = guarded(function(run)
      for _, x in ipairs(runs(run)) do
        if type(x.got) ~= "table" then return false, no_report(run) end
        local pending = run.tasks_pending or {}
        if x.got.stopped ~= x.spec.workers or #pending > 0 then
          return false, string.format("%s: run reported %s of %d workers "
            .. "stopped, and %d task(s) were still pending at the end. A "
            .. "worker waiting in get() never stops by itself: cancel "
            .. "each one and await them (asyncio.gather(*workers, "
            .. "return_exceptions=True)), or put one sentinel per worker, "
            .. "not one for the whole queue, and await them.",
            describe(x.spec), tostring(x.got.stopped), x.spec.workers,
            #pending), tostring(x.got.stopped)
        end
      end
      return true
    end),
  },
  {
    name = "returns as soon as the last worker has stopped",
    points = 1, hint = 2,
    fn = guarded(function(run)
      for _, x in ipairs(runs(run)) do
        if type(x.got) ~= "table" then return false, no_report(run) end
        local _, want = expect(x.spec)
        local got = tonumber(x.got.returned) or -1
        if math.abs(got - want) > EPS then
          return false, string.format("%s: run returned at %s s; expected "
            .. "%s s, when the last item %s. Wait with `await "
            .. "queue.join()` (or by awaiting the workers), not with a "
            .. "sleep or a loop that checks now and then.",
            describe(x.spec), f2(got), f2(want),
            x.spec.drain and "was done" or "already taken was done"),
            f2(got)
        end
      end
      return true
    end),
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
