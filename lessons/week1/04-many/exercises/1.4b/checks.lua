-- Checks for 1.4b (python, mirrors.py). first_good(mirrors) is run on the
-- statement's three calls (as a script) and called on other mirror lists:
-- the fastest mirror failing, every mirror failing, ties, a failure and a
-- success at the same moment, and random lists. The
-- cancel check reads the trace: tasks carry the mirror's name, and each
-- task's last event is "done", "error" or "cancel".
-- Python-style text of a value that came back from Python (for messages).
local function py(v)
  if v == nil or type(v) == "userdata" then return "None" end
  if type(v) == "boolean" then return v and "True" or "False" end
  if type(v) == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    return string.format("%.10g", v)
  end
  if type(v) == "string" then
    return "'" .. v:gsub("\\", "\\\\"):gsub("'", "\\'"):gsub("\n", "\\n") .. "'"
  end
  if type(v) == "table" then
    local t = {}
    if #v > 0 or next(v) == nil then
      for i = 1, #v do t[i] = py(v[i]) end
      return "[" .. table.concat(t, ", ") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for i, k in ipairs(keys) do t[i] = py(k) .. ": " .. py(v[k]) end
    return "{" .. table.concat(t, ", ") .. "}"
  end
  return "?"
end

-- Deep equality on plain data (lists of strings and numbers).
local function same(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= "table" then return a == b end
  for k, x in pairs(a) do if not same(x, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

-- A scenario calling first_good(mirrors), mirrors = {{name, seconds,
-- works}, ...}: who may win, when the answer comes, who must be cancelled.
local function call(name, mirrors)
  local best, slowest = math.huge, 0
  for _, m in ipairs(mirrors) do
    if m[3] and m[2] < best then best = m[2] end
    slowest = math.max(slowest, m[2])
  end
  local winners, losers = {}, {}
  for _, m in ipairs(mirrors) do
    if m[3] and m[2] == best then winners[#winners + 1] = "file from " .. m[1] end
    if best < math.huge and m[2] > best then losers[#losers + 1] = m[1] end
  end
  return { name = name, call = "first_good", args = { mirrors },
           data = { winners = winners, losers = losers,
                    answer = best < math.huge and best or slowest } }
end

local function ending(run, name)
  local last, t
  for _, e in ipairs(run.events or {}) do
    if e.name == name and (e.ev == "done" or e.ev == "error"
                           or e.ev == "cancel") then
      last, t = e.ev, e.t
    end
  end
  return last, t
end

local function contains(list, x)
  for _, y in ipairs(list or {}) do if y == x then return true end end
  return false
end

local F, T = false, true
local CALLS = { "the fastest mirror fails", "every mirror fails",
  "three mirrors answer at the same moment",
  "a failure and a success at the same moment", "random mirrors" }

return {
  scenarios = {
    { name = "the statement's three calls",
      data = { answer = 5.5, losers = { "eu", "d" } } },
    call("the fastest mirror fails", { { "m1", 0.37, F }, { "m2", 1.62, T },
      { "m3", 0.91, T }, { "m4", 2.8, T } }),
    call("every mirror fails", { { "p", 1.3, F }, { "q", 0.21, F },
      { "r", 2.07, F } }),
    call("three mirrors answer at the same moment", { { "t1", 1.25, T },
      { "bad", 1.25, F }, { "t2", 1.25, T }, { "slow", 2.4, T } }),
    call("a failure and a success at the same moment", { { "f", 0.66, F },
      { "g", 0.66, T }, { "h", 3.1, T } }),
    { name = "random mirrors", count = 2, make = function(rng)
        local names = rng:shuffle({ "oslo", "lima", "kyiv", "rome", "nuuk",
                                    "baku", "doha" })
        local mirrors = {}
        for i = 1, rng:int(2, 6) do
          mirrors[i] = { names[i], rng:float(0.05, 3.0, 2), rng:int(0, 2) > 0 }
        end
        local sc = call(nil, mirrors)
        sc.name = nil
        return sc
      end },
  },

  check.out {
    name = "prints the three winners", points = 1, hint = 2,
    scenarios = { "the statement's three calls" },
    expect = "file from asia\nfile from c\nNone\n",
    message = "Expected 'file from asia', 'file from c', then None (every "
           .. "mirror of the third list fails). A failed mirror is not a "
           .. "winner: look at t.exception() before you take t.result().",
  },
  {
    name = "returns the first good mirror's file", points = 2, hint = 2,
    scenarios = CALLS,
    fn = function(run)
      local sc = run.scenario
      local call_text = "first_good(" .. py(sc.args[1]) .. ")"
      if run.main_end ~= "done" then
        return false, call_text .. " raised " .. tostring(run.error or
          "an exception") .. " instead of returning. A mirror that raises "
          .. "ConnectionError is skipped: when a done task has an exception, "
          .. "go on waiting for the others (and return None when none is "
          .. "left).", "raised"
      end
      local got = run.result
      local want = sc.data.winners
      if #want == 0 then
        if got ~= nil and type(got) ~= "userdata" then
          return false, call_text .. " returned " .. py(got) .. "; every "
            .. "mirror fails here, so it must return None.", py(got)
        end
        return true, nil, "None"
      end
      if not contains(want, got) then
        return false, call_text .. " returned " .. py(got) .. "; expected "
          .. table.concat((function() local t = {} for i, w in ipairs(want)
          do t[i] = py(w) end return t end)(), " or ") .. ": the first "
          .. "mirror to answer without an error (mirrors that finish at "
          .. "the same moment may win either way).", py(got)
      end
      return true, nil, py(got)
    end,
  },
  check.vtime {
    name = "answers as soon as the first good mirror does", points = 2,
    hint = 1, eq = function(sc) return sc.data.answer end,
    message = "It took {measured} virtual seconds; expected {expected}: the "
           .. "call returns the moment its first good mirror answers (or "
           .. "when its last mirror fails). Trying mirrors one after "
           .. "another adds their times up, and checking every so often "
           .. "with asyncio.sleep comes too late: wait with "
           .. "asyncio.wait(..., return_when=asyncio.FIRST_COMPLETED).",
  },
  {
    name = "the slower mirrors end cancelled", points = 2, hint = 3,
    fn = function(run)
      local pending = run.tasks_pending or {}
      for _, name in ipairs(run.scenario.data.losers) do
        local how, t = ending(run, name)
        if how == nil then
          return false, "No task named '" .. name .. "' was found. Start "
            .. "each mirror as asyncio.create_task(download(name, seconds, "
            .. "works), name=name): the check finds the tasks by name.",
            "no task"
        end
        if contains(pending, name) then
          return false, "The task for mirror '" .. name .. "' was still "
            .. "running when the call returned. Once you have a winner, "
            .. "call cancel() on every task still pending and await them "
            .. "(asyncio.gather(*pending, return_exceptions=True)) before "
            .. "you return; a finally: block does it on every path.",
            "still running"
        end
        if how ~= "cancel" then
          return false, string.format("The task for mirror '%s' ended as "
            .. "'%s' at %.2f s, not cancelled: a slower mirror must be "
            .. "cancelled as soon as another one has won. Cancel the "
            .. "pending tasks, and do not catch CancelledError (a bare "
            .. "except: or except BaseException: catches it too).", name,
            how, t or -1), how
        end
      end
      return true
    end,
  },
  check.noleak {
    name = "leaves nothing running, no unread errors", points = 1, hint = 3,
    message = "When the call returned, a mirror's task was still pending "
           .. "or a failed task's exception was never read. Await the "
           .. "tasks you cancel (asyncio.gather(*pending, "
           .. "return_exceptions=True)), and look at t.exception() of every "
           .. "task that finished.",
  },
  check.noerror { name = "runs without an exception", points = 1, hint = 2 },
}
