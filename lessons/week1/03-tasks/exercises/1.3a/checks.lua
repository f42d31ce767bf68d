-- Checks for 1.3a (python, replies.py). Display order = list order.
--
-- The file runs as a script (main() returns the replies it printed), then
-- fetch_all(latencies) is called with other lists: more than nine
-- requests (so sorting the reply texts goes wrong), equal latencies, a
-- single request and random lists. sc.data.lat is the list of latencies.

local STATEMENT = { 1.0, 0.5, 0.8, 0.2, 0.6 }

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

local function show_list(xs, quote)
  local parts = {}
  for i, x in ipairs(xs) do
    if quote then parts[i] = "'" .. tostring(x) .. "'"
    elseif type(x) == "number" then parts[i] = pynum(x)
    else parts[i] = tostring(x) end
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end

-- The last line of a traceback: "IndexError: list index out of range".
local function last_line(err)
  return tostring(err):gsub("%s+$", ""):match("([^\n]*)$")
end

local function slowest(lat)
  local m = 0
  for _, s in ipairs(lat) do m = math.max(m, s) end
  return m
end

local function call_text(sc)
  if sc.data.statement then return "main() (fetch_all(LATENCIES))" end
  return "fetch_all(" .. show_list(sc.data.lat) .. ")"
end

local function fetch(name, lat)
  return { name = name, call = "fetch_all", args = { lat }, data = { lat = lat } }
end

return {
  scenarios = {
    { name = "the statement's five requests",
      data = { lat = STATEMENT, statement = true } },
    fetch("eleven requests off the half-second grid",
          { 0.37, 1.91, 0.05, 1.2, 0.66, 1.91, 0.4, 0.93, 0.12, 1.5, 0.81 }),
    fetch("one request", { 0.73 }),
    { name = "random requests", count = 3, make = function(rng)
        local lat = {}
        for i = 1, rng:int(2, 12) do lat[i] = rng:float(0.05, 2.5, 2) end
        lat[#lat + 1] = lat[rng:int(1, #lat)]      -- two equal latencies
        return { call = "fetch_all", args = { lat }, data = { lat = lat } }
      end },
  },

  {
    name = "returns the replies in request order",
    points = 2, hint = 3,
    fn = function(run)
      local sc = run.scenario
      local lat, got = sc.data.lat, run.result
      local want = {}
      for i = 1, #lat do want[i] = "reply " .. i end
      local ok = type(got) == "table" and #got == #want
      if ok then
        for i = 1, #want do ok = ok and got[i] == want[i] end
      end
      if not ok then
        local shown = type(got) == "table" and show_list(got, true)
                      or (got == nil and "None" or tostring(got))
        return false, call_text(sc) .. " returned " .. shown
          .. (run.error and (" (and raised " .. last_line(run.error) .. ")") or "")
          .. "; expected " .. show_list(want, true) .. ": one reply per "
          .. "request, in the order the requests were sent, whatever order "
          .. "the replies arrive in. Keep the tasks in a list, in request "
          .. "order, and await them in that order (sorting the texts puts "
          .. "'reply 10' before 'reply 2').", shown
      end
      return true
    end,
  },
  check.vtime {
    name = "takes as long as the slowest request",
    points = 2, hint = 1,
    min = function(sc) return slowest(sc.data.lat) - 1e-6 end,
    max = function(sc) return slowest(sc.data.lat) + 1e-6 end,
    message = function(sc)
      return call_text(sc) .. " took {measured} virtual seconds; with every "
        .. "request waiting at the same time it takes as long as the "
        .. "slowest one, " .. pynum(slowest(sc.data.lat)) .. " s. More "
        .. "means the requests still wait one after another: a task "
        .. "awaited right after it is created is just a slower function "
        .. "call. Create all the tasks first, then await them. Less "
        .. "means some request never waited: await every task."
    end,
  },
  {
    name = "sends every request in its own task, all at once",
    points = 1, hint = 2,
    fn = function(run)
      local sc = run.scenario
      local done = {}
      for _, e in ipairs(run.events or {}) do
        if e.ev == "done" and e.task and e.task ~= 1 then done[#done + 1] = e.t end
      end
      table.sort(done)
      local waits = { table.unpack(sc.data.lat) }
      table.sort(waits)
      local k = 1
      for _, w in ipairs(waits) do
        while done[k] and done[k] < w - 1e-6 do k = k + 1 end
        if not done[k] or done[k] > w + 1e-6 then
          return false, "In " .. call_text(sc) .. ", no task finished at "
            .. pynum(w) .. " s, when the request waiting " .. pynum(w)
            .. " s should have. Every request must run in a task of its "
            .. "own, started at once: asyncio.create_task(request(i, "
            .. "seconds)) for each one, before awaiting any. One sleep for "
            .. "the longest time is not sending the requests.",
            "no task at " .. pynum(w) .. " s"
        end
        k = k + 1
      end
      return true
    end,
  },
  check.noleak {
    name = "leaves no task or coroutine behind",
    points = 1, hint = 3,
    message = "When fetch_all returned, a task was still pending, or Python "
           .. "warned that a coroutine was never awaited. Calling request() "
           .. "without await only makes a coroutine; create_task starts it, "
           .. "but fetch_all must still await every task it created before "
           .. "it returns (or the loop cancels it).",
  },
  check.noblock {
    name = "never blocks the event loop",
    points = 1,
    message = "A blocking call such as time.sleep() stops the whole event "
           .. "loop, so no other request can wait meanwhile. Leave "
           .. "request() as it is and wait with await.",
  },
  check.noerror {
    name = "runs without an exception",
    points = 1,
  },
}
