-- Checks for 2.6b (python, robust.py).
--
-- The statement's run: pages answer "<html>" after 0.5 s, /hang never
-- answers, /status/503 answers 503 after 0.1 s; LIMIT = 3, TIMEOUT = 2.
-- The other scenarios call fetch_all(urls) with LIMIT and TIMEOUT set to
-- other values: hangs at other positions, several 5xx and a 404, answers
-- due just before, exactly at and just after the deadline, more URLs than
-- LIMIT (so some requests are sent late: a timeout on the whole batch, or
-- one that counts the wait for a slot, cuts them short).
--
-- A request due exactly at its deadline is a race between two timers due
-- at the same instant: with asyncio's own order (seed 0) the deadline,
-- set first, fires first; under another schedule seed either may win, so
-- both answers are accepted there.

-- A list of statuses or strings as Python prints it: [200, 'timeout'].
local function pyrepr(v)
  if type(v) == "string" then
    return "'" .. v:gsub("\\", "\\\\"):gsub("'", "\\'") .. "'"
  elseif type(v) == "table" and v.either then
    return "(" .. pyrepr(v[1]) .. " or " .. pyrepr(v[2]) .. ")"
  elseif type(v) == "table" then
    local parts = {}
    for i = 1, #v do parts[i] = pyrepr(v[i]) end
    return "[" .. table.concat(parts, ", ") .. "]"
  elseif v == nil then
    return "None"
  elseif math.type(v) == "float" and v == math.floor(v) then
    return string.format("%d", v)
  end
  return tostring(v)
end

-- The call's return value against the scenario's expected list (an item
-- { either = true, a, b } accepts a or b).
local function returned(run, expect, advice)
  local got = run.result
  local same = type(got) == "table" and #got == #expect
  if same then
    for i = 1, #expect do
      local want = expect[i]
      if type(want) == "table" then
        if got[i] ~= want[1] and got[i] ~= want[2] then same = false end
      elseif got[i] ~= want then
        same = false
      end
    end
  end
  if same then return true, nil, pyrepr(got) end
  if run.main_end ~= "done" then
    return false, "fetch_all did not return (it "
      .. (run.main_end == "" and "never finished" or
          run.main_end == "error" and "raised an exception" or "was cancelled")
      .. "). " .. advice, "no value"
  end
  return false, "fetch_all returned " .. pyrepr(got) .. "; expected "
    .. pyrepr(expect) .. ". " .. advice, pyrepr(got)
end

-- What a request answering after `latency` gives under `timeout`. At a
-- tie both timers are due at the same instant: asyncio's own order fires
-- the deadline first ("timeout"), but under another schedule seed the
-- answer may win, and neither is wrong.
local function due(latency, timeout, answer)
  if latency > timeout then return "timeout" end
  if latency == timeout then return { either = true, "timeout", answer } end
  return answer
end

-- items: { latency } a page, { latency, status } an error status,
-- { "hang" } a server that never answers.
local function batch(items, limit, timeout)
  local urls, endpoints, expect = {}, {}, {}
  for i, it in ipairs(items) do
    local path
    if it[1] == "hang" then
      path = "/hang/" .. i
      endpoints[path] = { hang = true }
      expect[i] = "timeout"
    elseif it[2] then
      path = "/status/" .. i
      endpoints[path] = { latency = it[1], status = it[2] }
      expect[i] = due(it[1], timeout, "HTTP " .. it[2])
    else
      path = "/page/" .. i
      local body = "<page " .. i .. ">"
      endpoints[path] = { latency = it[1], body = body }
      expect[i] = due(it[1], timeout, body)
    end
    urls[i] = "http://lab" .. path
  end
  return {
    call = "fetch_all",
    args = { urls },
    set = { LIMIT = limit, TIMEOUT = timeout },
    lab = { endpoints = endpoints, max_concurrent = limit },
    data = { limit = limit, timeout = timeout, expect = expect, n = #items },
  }
end

local function named(name, sc)
  sc.name = name
  return sc
end

local STATEMENT = "the statement's five URLs"

local CALLS = { "the hang first, TIMEOUT 1.5, LIMIT 2",
                "three 5xx and a 404, LIMIT 3",
                "answers due just before, at and after the deadline",
                "random batches" }

-- Every request (an io_begin/io_end pair of one task in the lab's trace)
-- must end within TIMEOUT of being sent.
local function each_within_timeout(run)
  local t = run.scenario.data.timeout
  local open, worst = {}, 0.0
  for _, e in ipairs(run.events or {}) do
    if e.ev == "io_begin" and e.what == "http" then
      open[e.task] = open[e.task] or {}
      table.insert(open[e.task], e.t)
    elseif e.ev == "io_end" and e.what == "http" and open[e.task]
        and #open[e.task] > 0 then
      local began = table.remove(open[e.task])
      local took = e.t - began
      if took > worst then worst = took end
      if took > t + 1e-9 then
        return false, string.format("A request sent at %.2f s was still "
          .. "waiting at %.2f s: %.2f s, more than TIMEOUT = %g s. Give "
          .. "each request TIMEOUT seconds: lab.Session(timeout=TIMEOUT), "
          .. "or `async with asyncio.timeout(TIMEOUT):` around the "
          .. "request, reading TIMEOUT when fetch_all runs (the checks "
          .. "change it).", began, e.t, took, t),
          string.format("%.2f s", took)
      end
    end
  end
  for _, starts in pairs(open) do
    if #starts > 0 then
      return false, string.format("A request sent at %.2f s never ended: "
        .. "a server that never answers holds it forever without a "
        .. "timeout. Give each request TIMEOUT seconds "
        .. "(lab.Session(timeout=TIMEOUT)).", starts[1]), "never ended"
    end
  end
  return true, nil, string.format("longest %.2f s", worst)
end

return {
  lab = {
    endpoints = {
      ["/page/*"] = { latency = 0.5, body = "<html>" },
      ["/hang"] = { hang = true },
    },
  },
  scenarios = {
    { name = STATEMENT, data = { limit = 3, timeout = 2, n = 5 } },
    named("the hang first, TIMEOUT 1.5, LIMIT 2", batch({
      { "hang" }, { 0.4 }, { 1.7 }, { 0.35, 500 }, { 1.45 }, { 0.2 },
    }, 2, 1.5)),
    named("three 5xx and a 404, LIMIT 3", batch({
      { 0.3, 502 }, { 0.65 }, { 0.12, 503 }, { 0.9, 404 }, { "hang" },
      { 0.41 }, { 0.27, 500 },
    }, 3, 2)),
    named("answers due just before, at and after the deadline", batch({
      { 1.19 }, { 1.2 }, { 0.33 }, { 1.21 }, { 0.58, 503 }, { 1.19 },
    }, 2, 1.2)),
    { name = "random batches", count = 3, make = function(rng)
        local timeout = rng:float(0.8, 2.5, 2)
        local items = {}
        for i = 1, rng:int(4, 9) do
          local r = rng:int(1, 6)
          if r == 1 then
            items[i] = { "hang" }
          elseif r == 2 then
            items[i] = { rng:float(0.05, 1.5, 2), rng:pick({ 404, 500, 502, 503 }) }
          else
            items[i] = { rng:float(0.05, 3.0, 2) }
          end
        end
        return batch(items, rng:int(2, 4), timeout)
      end },
  },

  check.out {
    name = "prints each URL's result, as in the example",
    points = 1,
    scenarios = { STATEMENT },
    expect = "a -> <html>\nhang -> timeout\nb -> <html>\n"
          .. "503 -> HTTP 503\nc -> <html>\n",
    hint = 3,
    message = "The statement's run printed something else. Every URL "
           .. "must get a result, in order: the page text, \"timeout\" "
           .. "when no answer came in time, or \"HTTP <status>\" for an "
           .. "error status (call resp.raise_for_status() and catch "
           .. "lab.ClientResponseError).",
  },
  {
    name = "each URL gets its page, timeout or HTTP status, in order",
    points = 3,
    scenarios = CALLS,
    hint = 3,
    fn = function(run)
      return returned(run, run.scenario.data.expect, "One result per URL, "
        .. "in the order of `urls`: the page text; 'timeout' when the "
        .. "request got no answer within TIMEOUT seconds of being sent; "
        .. "'HTTP <status>' for any status of 400 or more "
        .. "(resp.raise_for_status() raises lab.ClientResponseError, with "
        .. ".status). The timeout is per request: not on the whole batch, "
        .. "and not counting the wait for a free slot.")
    end,
  },
  {
    name = "no request waits longer than TIMEOUT",
    points = 1,
    hint = 2,
    fn = function(run) return each_within_timeout(run) end,
  },
  check.maxconc {
    name = "never more than LIMIT requests in flight",
    points = 1, tag = "http",
    max = function(sc) return sc.data.limit end,
    message = "{measured} requests were in flight at once; expected "
           .. "{expected} (LIMIT). Keep the starter's asyncio.Semaphore(LIMIT) "
           .. "around each request.",
  },
  check.noleak {
    name = "nothing left behind",
    points = 1,
    message = "Something was left open or pending at the end: close "
           .. "the session with `async with`, and await "
           .. "(or cancel and await) every task you start.",
  },
  check.noerror {
    name = "runs without an exception",
    points = 1,
    hint = 3,
    message = "An exception escaped: catch TimeoutError (a request that "
           .. "ran out of time) and lab.ClientResponseError (an error "
           .. "status) in fetch, around the request, and turn them into "
           .. "\"timeout\" and \"HTTP <status>\".",
  },
}
