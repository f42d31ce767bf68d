-- Checks for 2.1b (python, watchdog.py). Display order = list order.
--
-- Each scenario runs main() with its own STEPS and SILENCE (set), and
-- the expected output is worked out here: a beat after every step, and
-- the job cancelled SILENCE seconds after the last beat (or after the
-- start) if a step is longer than that. No step equals SILENCE, so no
-- heartbeat lands on the very instant of the deadline.

local function f2(x) return string.format("%.2f", x) end

-- The output and end time of main() for these steps and silence.
local function expected(steps, silence)
  local out, t, last = {}, 0, 0
  for _, s in ipairs(steps) do
    if t + s > last + silence then            -- silent too long
      local at = last + silence
      out[#out + 1] = "job cancelled at " .. f2(at)
      out[#out + 1] = "supervise returned 'stalled' at " .. f2(at)
      return table.concat(out, "\n") .. "\n", at, true
    end
    t = t + s
    last = t
    out[#out + 1] = "beat at " .. f2(t)
  end
  out[#out + 1] = "supervise returned '" .. #steps .. " steps done' at "
    .. f2(t)
  return table.concat(out, "\n") .. "\n", t, false
end

local function scenario(name, steps, silence, script)
  local out, ends, stalls = expected(steps, silence)
  return { name = name, call = (not script) and "main" or nil,
           set = (not script) and { STEPS = steps, SILENCE = silence } or nil,
           data = { out = out, ends = ends, stalls = stalls,
                    steps = steps, silence = silence } }
end

local function show_steps(d)
  local s = {}
  for i, x in ipairs(d.steps) do s[i] = string.format("%g", x) end
  return "STEPS = [" .. table.concat(s, ", ") .. "], SILENCE = "
    .. string.format("%g", d.silence)
end

local RUNS = { "the statement's example", "the job finishes",
  "no heartbeat at all", "steps just under the silence", "random jobs" }

return {
  scenarios = {
    scenario("the statement's example", { 1, 1.5, 0.5, 30 }, 2, true),
    scenario("the job finishes", { 0.7, 1.93, 1.2, 0.05 }, 2),
    scenario("no heartbeat at all", { 7 }, 1.37),
    scenario("steps just under the silence", { 1.49, 1.49, 1.49, 9 }, 1.5),
    { name = "cancelled from outside at 2.3 s", call = "cancelled_at",
      args = { 2.3 } },
    { name = "cancelled from outside at 4.1 s", call = "cancelled_at",
      args = { 4.1 },
      set = { STEPS = { 0.6, 1.2, 0.9, 1.35, 20 }, SILENCE = 1.4 } },
    { name = "random jobs", count = 3, make = function(rng)
        local silence = rng:float(0.8, 3, 2)
        local steps = {}
        for i = 1, rng:int(1, 6) do
          steps[i] = rng:float(0.05, silence - 0.05, 2)
        end
        if rng:int(1, 3) > 1 then            -- most of them hang somewhere
          steps[rng:int(1, #steps)] = rng:float(silence + 0.05, 40, 2)
        end
        local out, ends, stalls = expected(steps, silence)
        return { call = "main", set = { STEPS = steps, SILENCE = silence },
                 data = { out = out, ends = ends, stalls = stalls,
                          steps = steps, silence = silence } }
      end },
  },

  check.out {
    name = "prints the beats, the cancel and the result",
    points = 3, hint = 2, scenarios = RUNS,
    expect = function(sc) return sc.data.out end,
    message = "A heartbeat resets the clock: the job is cancelled exactly "
           .. "SILENCE seconds after its last beat (or after the start), "
           .. "and supervise returns 'stalled' only after \"job cancelled "
           .. "at ...\" has been printed (wait for the cancelled job). A job "
           .. "that keeps beating must run to its end and its result be "
           .. "returned.",
  },

  check.vtime {
    name = "gives up silence seconds after the last heartbeat",
    points = 2, hint = 2, scenarios = RUNS,
    eq = function(sc) return sc.data.ends end,
    message = "The run took {measured} virtual seconds; expected {expected}. "
           .. "Earlier: the deadline was not moved by the heartbeats (one "
           .. "fixed timeout around the job), or it was set to a relative "
           .. "time (reschedule() takes a loop time: loop.time() + "
           .. "silence). Later: the deadline was pushed from its old value "
           .. "instead of from now, or a polling loop noticed the silence "
           .. "late. Wait on the deadline itself, do not poll.",
  },

  {
    name = "cancelled from outside, stops the job and stays cancelled",
    points = 2, hint = 3,
    scenarios = { "cancelled from outside at 2.3 s",
                  "cancelled from outside at 4.1 s" },
    fn = function(run)
      local out = run.out or ""
      local at = string.format("%.2f", run.scenario.args[1])
      local returned = out:match("supervise returned [^\n]*")
      if returned then
        return false, "supervise was cancelled from outside at " .. at
          .. " s, while it was watching the job, but it went on: \""
          .. returned .. "\". It caught the CancelledError (an `except "
          .. "asyncio.CancelledError:`, `except BaseException:` or bare "
          .. "`except:` that does not re-raise). Catch only TimeoutError "
          .. "for the silence, and let a cancel from outside go through.",
          returned
      end
      local left = out:match("tasks still running: (%d+)")
      if left ~= "0" then
        return false, "supervise was cancelled from outside at " .. at
          .. " s and ended cancelled, but " .. tostring(left) .. " task(s) "
          .. "it started had not finished: the job (or a helper task) was "
          .. "left running, or cancelled without waiting for it. When "
          .. "supervise itself is cancelled, cancel the job and wait until "
          .. "it has finished cancelling (try/finally with cancel() then "
          .. "await, or a TaskGroup, or await the job directly inside "
          .. "asyncio.timeout).", tostring(left)
      end
      if not out:find("job cancelled at " .. at .. "\nsupervise was cancelled at "
                      .. at, 1, true) then
        return false, "supervise was cancelled from outside at " .. at
          .. " s; the job should print \"job cancelled at " .. at
          .. "\" before supervise ends, but the output was:\n" .. out, out
      end
      return true
    end,
  },

  check.noleak {
    name = "no task left behind", points = 1, hint = 3,
    scenarios = RUNS,
    message = "A task was still running, or Python warned about one, when "
           .. "main() ended. A job that went silent must be cancelled and "
           .. "awaited, and so must any helper task you started (a waiter "
           .. "on an Event, a watchdog task).",
  },

  check.noerror { name = "runs without an exception", points = 1,
    scenarios = RUNS },
}
