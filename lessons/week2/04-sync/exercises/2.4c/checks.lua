-- Checks for 2.4c (python, gate.py). Each scenario runs race(runners,
-- setup) (or two_races, or main), which returns its log: [text, seconds]
-- pairs. The expected time of every line follows from the statement:
--   ready X  at arrives          gate open  at setup
--   go X     at max(arrives, setup)
--   finish X at go + works       all done   at the last finish (or setup)

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

-- the races of a scenario: { {log=, runners=, setup=, label=} }
local function races(run)
  local sc, r = run.scenario, run.result
  local list = {}
  for i, p in ipairs(sc.data.races) do
    local log
    if type(r) == "table" then
      if p.key then log = r[p.key] else log = r end
    end
    list[i] = { log = log, runners = p.runners, setup = p.setup,
                label = p.label }
  end
  return list
end

local function no_log(run, p)
  local err = run.error or ""
  if err:find("deadlock") then
    return "The race never ended: every task was waiting (a deadlock). "
      .. "Someone waits on an Event nobody sets: open the gate with "
      .. "gate.set() after the setup, and leave it open (no clear()), so "
      .. "a runner who arrives later goes at once."
  end
  return "race() returned no log"
    .. (err ~= "" and (": " .. (err:match("([^\n]+)\n*$") or err)) or "")
    .. ". Keep say(), the log and two_races and main as the starter has "
    .. "them."
end

-- text -> {t=, pos=}
local function index(log)
  local at = {}
  for pos, entry in ipairs(log) do
    if type(entry) == "table" and at[entry[1]] == nil then
      at[entry[1]] = { t = entry[2], pos = pos }
    end
  end
  return at
end

local function gate_check(late)
  return function(run)
    for _, p in ipairs(races(run)) do
      if type(p.log) ~= "table" then return false, no_log(run, p) end
      local at = index(p.log)
      local open = at["gate open"]
      if not open or math.abs(open.t - p.setup) > EPS then
        return false, string.format("%s: \"gate open\" should be said at "
          .. "%s s (the setup time); it was %s.", p.label, f2(p.setup),
          open and ("at " .. f2(open.t) .. " s") or "never said")
      end
      for _, r in ipairs(p.runners) do
        local name, arrives = r[1], r[2]
        if (arrives > p.setup) == late then
          local want = math.max(arrives, p.setup)
          local go = at["go " .. name]
          if not go or math.abs(go.t - want) > EPS
              or (not late and go.pos < open.pos) then
            local why
            if not go then
              why = "it never went. Every runner waits on the same "
                .. "asyncio.Event, which the caller sets once, after the "
                .. "setup, and never clears."
            elseif go.t < p.setup - EPS or go.pos < open.pos then
              why = "that is before the gate opened. The runner must "
                .. "`await gate.wait()` after \"ready\", and the caller "
                .. "must call gate.set() only after the setup time and "
                .. "\"gate open\"."
            elseif late then
              why = "a runner who reaches an open gate must not wait: "
                .. "event.wait() returns at once while the event is set."
            else
              why = "that is after the gate opened: a loop that sleeps "
                .. "and checks a flag notices late. `await gate.wait()` "
                .. "wakes the moment gate.set() is called."
            end
            return false, string.format("%s: %s arrived at %s s and the "
              .. "gate opened at %s s, so \"go %s\" belongs at %s s; %s%s",
              p.label, name, f2(arrives), f2(p.setup), name, f2(want),
              go and ("it came at " .. f2(go.t) .. " s: ") or "", why),
              go and f2(go.t) or "never"
          end
        end
      end
    end
    return true
  end
end

return {
  scenarios = {
    { name = "the statement's race",
      data = { races = { { label = "red, green and blue",
                           runners = { { "red", 0, 2 }, { "green", 0, 1 },
                                       { "blue", 0, 3 } }, setup = 1.5 } } } },
    { name = "setup off the half-second grid", call = "race",
      args = { { { "ash", 0, 2.08 }, { "bay", 0.3, 0.45 },
                 { "cob", 0.05, 1.12 }, { "dun", 1.2, 0.61 } }, 1.37 },
      data = { races = { { label = "ash, bay, cob and dun",
        runners = { { "ash", 0, 2.08 }, { "bay", 0.3, 0.45 },
                    { "cob", 0.05, 1.12 }, { "dun", 1.2, 0.61 } },
        setup = 1.37 } } } },
    { name = "runners who arrive after the gate opened", call = "race",
      args = { { { "ivy", 0, 0.6 }, { "max", 2.1, 0.3 },
                 { "zoe", 1.2, 1.4 } }, 0.83 },
      data = { races = { { label = "ivy, max and zoe",
        runners = { { "ivy", 0, 0.6 }, { "max", 2.1, 0.3 },
                    { "zoe", 1.2, 1.4 } }, setup = 0.83 } } } },
    { name = "two races at once", call = "two_races",
      args = { { { "kit", 0, 1.9 }, { "lux", 0.4, 0.35 } }, 1.21,
               { { "moe", 0.1, 0.7 }, { "nan", 0, 1.05 } }, 0.47 },
      data = { races = {
        { key = "a", label = "the first race (kit and lux)",
          runners = { { "kit", 0, 1.9 }, { "lux", 0.4, 0.35 } }, setup = 1.21 },
        { key = "b", label = "the second race (moe and nan)",
          runners = { { "moe", 0.1, 0.7 }, { "nan", 0, 1.05 } }, setup = 0.47 },
      } } },
    { name = "a random race", count = 3, make = function(rng)
        local pool = rng:shuffle({ "ada", "bo", "cy", "di", "ed", "flo",
                                   "gil", "hu" })
        local runners = {}
        for i = 1, rng:int(2, 6) do
          runners[i] = { pool[i], rng:float(0, 1.6, 2), rng:float(0.1, 2.5, 2) }
        end
        local setup = rng:float(0.3, 1.8, 2)
        return { call = "race", args = { runners, setup },
                 data = { races = { { label = "the race", runners = runners,
                                      setup = setup } } } }
      end },
  },

  {
    name = "nobody goes before the gate opens",
    points = 2, hint = 2,
    fn = guarded(gate_check(false)),
  },
  {
    name = "a runner who arrives after the gate opened goes at once",
    points = 1, hint = 2,
    fn = guarded(gate_check(true)),
  },
  {
    name = "says all done right after the last finish",
    points = 2, hint = 3,
    fn = guarded(function(run)
      for _, p in ipairs(races(run)) do
        if type(p.log) ~= "table" then return false, no_log(run, p) end
        local at = index(p.log)
        local last, lastpos = p.setup, 0
        for _, r in ipairs(p.runners) do
          local name = r[1]
          local want = math.max(r[2], p.setup) + r[3]
          local fin = at["finish " .. name]
          if not fin then
            return false, string.format("%s: \"finish %s\" is missing from "
              .. "the log: the caller must wait for every runner, not "
              .. "stop after the setup.", p.label, name), "missing"
          end
          if math.abs(fin.t - want) > EPS then
            return false, string.format("%s: %s should finish at %s s; it "
              .. "finished at %s s.", p.label, name, f2(want), f2(fin.t)),
              f2(fin.t)
          end
          last = math.max(last, want)
          lastpos = math.max(lastpos, fin.pos)
        end
        local done = at["all done"]
        if not done or math.abs(done.t - last) > EPS or done.pos < lastpos then
          return false, string.format("%s: the last runner finished at %s "
            .. "s, so \"all done\" belongs right then, after every "
            .. "\"finish\"; it %s. Wait for the last runner (count the "
            .. "runners still out and have the last one set a second "
            .. "Event, or await all the runner tasks) instead of the "
            .. "first finish or a fixed sleep.", p.label, f2(last),
            done and string.format("came at %s s%s", f2(done.t),
              done.pos < lastpos and ", before a finish" or "")
              or "was never said"), done and f2(done.t) or "never"
        end
      end
      return true
    end),
  },
  check.noleak {
    name = "leaves no runner task behind", points = 1, hint = 3,
    message = "When race() returned, a runner task was still pending (or "
           .. "a warning says a task or coroutine was lost). Wait for "
           .. "every runner before returning.",
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
