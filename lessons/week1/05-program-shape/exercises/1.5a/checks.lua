-- Checks for 1.5a (python, ticker.py). The file runs as a script (the
-- statement's main), then collect(n, period) and stop_early(n, period,
-- stop) are called with other values, periods off the half-second grid,
-- no tick at all, a stop past the end, and two runs cancelled in the
-- middle of a tick.

-- Virtual time after k ticks of `period`, summed as the loop's clock does.
local function ticks_time(k, period)
  local t = 0
  for _ = 1, k do t = t + period end
  return t
end

local function collect(n, period)
  local values = {}
  for i = 0, n - 1 do values[#values + 1] = tostring(i) end
  local t = ticks_time(n, period)
  return { call = "collect", args = { n, period },
           data = { time = t, out = "ticker closed\n[" .. table.concat(values, ", ")
             .. "]\n" .. string.format("elapsed: %.2f s\n", t) } }
end

local function stop_early(n, period, stop)
  local k = math.min(stop + 1, n)
  local lines = {}
  for i = 0, k - 1 do lines[#lines + 1] = "tick " .. i .. "\n" end
  local t = ticks_time(k, period)
  return { call = "stop_early", args = { n, period, stop },
           data = { time = t, out = table.concat(lines) .. "ticker closed\n"
             .. string.format("stopped early after %.2f s\n", t) } }
end

local function named(name, sc) sc.name = name return sc end

-- Printed lines, shown on one line: 'tick 0' | 'ticker closed'.
local function show(text)
  local t = {}
  for line in (text or ""):gmatch("[^\n]+") do t[#t + 1] = "'" .. line .. "'" end
  return #t > 0 and table.concat(t, " | ") or "nothing"
end

local RUNS = { "the statement's main", "five ticks of 0.37 s",
  "stop at tick 4 of 6", "no tick at all", "a stop past the last tick",
  "random ticker" }
local CANCELS = { "cancelled while collecting", "cancelled while ticking" }

return {
  scenarios = {
    { name = "the statement's main", data = { time = 4.5,
      out = "ticker closed\n[0, 1, 2]\nelapsed: 3.00 s\ntick 0\ntick 1\n"
         .. "tick 2\nticker closed\nstopped early after 1.50 s\n" } },
    named("five ticks of 0.37 s", collect(5, 0.37)),
    named("stop at tick 4 of 6", stop_early(6, 0.23, 4)),
    named("no tick at all", collect(0, 0.5)),
    named("a stop past the last tick", stop_early(3, 0.7, 8)),
    { name = "cancelled while collecting", call = "collect",
      args = { 4, 0.6 }, cancel_at = 1.5,
      data = { at = 1.5, out = "ticker closed\n" } },
    { name = "cancelled while ticking", call = "stop_early",
      args = { 5, 0.41, 9 }, cancel_at = 0.9,
      data = { at = 0.9, out = "tick 0\ntick 1\nticker closed\n" } },
    { name = "random ticker", count = 2, make = function(rng)
        local n, period = rng:int(1, 7), rng:float(0.05, 1.5, 2)
        if rng:int(0, 1) == 0 then return collect(n, period) end
        return stop_early(n, period, rng:int(0, n))
      end },
  },

  check.out {
    name = "prints the ticks, closes, and times them", points = 3,
    scenarios = RUNS, hint = 2,
    expect = function(sc) return sc.data.out end,
    message = "ticker(n, period) must wait `period` first and then yield, "
           .. "n times (so 3 ticks of 1 s take 3 s), and print \"ticker "
           .. "closed\" in a finally: block, so that it also runs when "
           .. "aclosing() closes the generator after a break. Timer.elapsed "
           .. "is the loop time between __aenter__ and __aexit__ (the end "
           .. "minus the start).",
  },
  check.vtime {
    name = "takes n times period virtual seconds", points = 1,
    scenarios = RUNS, hint = 2,
    eq = function(sc) return sc.data.time end,
    message = "The call took {measured} virtual seconds; expected {expected}: "
           .. "one `await asyncio.sleep(period)` before each tick, and no "
           .. "other wait.",
  },
  {
    name = "a cancelled ticker prints its line and stays cancelled",
    points = 2, scenarios = CANCELS, hint = 3,
    fn = function(run)
      local sc = run.scenario
      local want = sc.data.out
      if run.main_end == "error" then
        return false, string.format("The task was cancelled at %.2f s, but "
          .. "it ended with another exception: %s. Let the CancelledError "
          .. "go through the generator untouched.", sc.data.at,
          tostring(run.error)), "error"
      end
      if run.main_end ~= "cancel" then
        return false, string.format("The task was cancelled at %.2f s, but "
          .. "it went on and ended normally (it printed %s): the ticker caught "
          .. "the CancelledError and did not let it through. Print in "
          .. "finally:, and never catch CancelledError there without "
          .. "raising it again.", sc.data.at, show(run.out)), tostring(run.main_end)
      end
      if run.out ~= want then
        return false, string.format("The task was cancelled at %.2f s, while "
          .. "the ticker waited. It printed %s; expected %s: the "
          .. "CancelledError comes out of `await asyncio.sleep(...)` inside "
          .. "the generator, and only a finally: block runs on that path.",
          sc.data.at, show(run.out), show(want)), show(run.out)
      end
      return true
    end,
  },
  check.noblock {
    name = "never blocks the event loop", points = 1, hint = 2,
    scenarios = RUNS,
    message = "Inside an async generator, wait with "
           .. "`await asyncio.sleep(...)`, never time.sleep().",
  },
  check.lint {
    name = "asyncio.run is the only entry point", points = 1,
    rule = { "LL005", "LL013", "LL024" },
  },
  check.noerror { name = "runs without an exception", points = 1,
    scenarios = RUNS },
}
