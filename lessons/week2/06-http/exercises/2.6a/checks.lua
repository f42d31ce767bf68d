-- Checks for 2.6a (python, fetch_all.py).
--
-- The statement's run: 20 pages of 1 s, a server that answers 429 to a
-- request that would make more than 5 in flight. The other scenarios call
-- fetch_all(urls, limit) directly, with other URL lists, other limits (the
-- server's cap is always the limit), latencies off any grid, one slow page,
-- and pages that answer 404 or 5xx (whose status fetch_all returns as is).
--
-- "Keeps `limit` in flight" is read from the lab's io_begin/io_end trace:
-- while some URL has not been sent, no time may pass with fewer than
-- `limit` requests in flight. That holds for a semaphore with gather or a
-- TaskGroup, for `limit` workers and for as_completed (which starts the
-- requests in another order, so the total time is not fixed), and fails
-- fixed batches, one at a time and a too small semaphore.

local function no_idle_slot(run)
  local d = run.scenario.data
  local inflight, begun, last = 0, 0, 0.0
  for _, e in ipairs(run.events or {}) do
    if (e.ev == "io_begin" or e.ev == "io_end") and e.what == "http" then
      if e.t - last > 1e-9 and inflight < d.limit and begun < d.n then
        return false, string.format("From %.2f s to %.2f s only %d "
          .. "request(s) were in flight while %d URL(s) were not sent yet "
          .. "(limit %d). Start the next URL as soon as a request ends: "
          .. "one asyncio.Semaphore(limit) taken around each request, "
          .. "with every request started at once (gather or a TaskGroup), "
          .. "not fixed batches that wait for their slowest page, and not "
          .. "one request after another.", last, e.t, inflight,
          d.n - begun, d.limit), string.format("%d in flight", inflight)
      end
      last = e.t
      if e.ev == "io_begin" then
        inflight, begun = inflight + 1, begun + 1
      else
        inflight = inflight - 1
      end
    end
  end
  if begun < d.n then
    return false, string.format("Only %d of the %d URLs were requested.",
      begun, d.n), string.format("%d requests", begun)
  end
  return true, nil, string.format("%.2f s", run.vtime or 0)
end

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

-- pages: a list of { latency, status }; returns the scenario's fields.
local function pages_scenario(pages, limit)
  local urls, endpoints, statuses = {}, {}, {}
  for i, p in ipairs(pages) do
    local path = "/page/" .. (i - 1)
    urls[i] = "http://lab" .. path
    endpoints[path] = { latency = p[1], status = p[2] or 200 }
    statuses[i] = p[2] or 200
  end
  return {
    call = "fetch_all",
    args = { urls, limit },
    lab = { endpoints = endpoints, max_concurrent = limit },
    data = { limit = limit, statuses = statuses, n = #pages },
  }
end

local function named(name, sc)
  sc.name = name
  return sc
end

local CALLS = { "7 pages off the half-second grid, limit 3",
                "a slow page among fast ones, limit 4",
                "pages that answer 404 and 5xx, limit 2",
                "a wider limit: 10 pages, 7 at a time",
                "random pages and limits" }

local function limit_of(sc) return sc.data.limit end

return {
  lab = {
    endpoints = { ["/page/*"] = { latency = 1 } },
    max_concurrent = 5,
  },
  scenarios = {
    { name = "the statement's 20 pages",
      data = { limit = 5, n = 20 } },
    named("7 pages off the half-second grid, limit 3", pages_scenario({
      { 0.37 }, { 1.91 }, { 0.05 }, { 1.2 }, { 0.63 }, { 0.88 }, { 0.41 },
    }, 3)),
    named("a slow page among fast ones, limit 4", pages_scenario({
      { 0.45 }, { 3.3 }, { 0.45 }, { 0.45 }, { 0.45 }, { 0.45 }, { 0.45 },
      { 0.45 }, { 0.45 },
    }, 4)),
    named("pages that answer 404 and 5xx, limit 2", pages_scenario({
      { 0.7, 500 }, { 0.15 }, { 0.3 }, { 0.25, 404 }, { 1.05 }, { 0.2, 502 },
    }, 2)),
    named("a wider limit: 10 pages, 7 at a time", pages_scenario({
      { 0.6 }, { 1.35 }, { 0.9 }, { 0.6 }, { 0.27 }, { 1.6 }, { 0.9 },
      { 0.44 }, { 0.6 }, { 1.02 },
    }, 7)),
    { name = "random pages and limits", count = 3, make = function(rng)
        local pages = {}
        for i = 1, rng:int(5, 14) do
          local status = 200
          if rng:int(1, 5) == 1 then status = rng:pick({ 404, 500, 503 }) end
          pages[i] = { rng:float(0.05, 2.5, 2), status }
        end
        return pages_scenario(pages, rng:int(2, 7))
      end },
  },

  check.out {
    name = "prints statuses: [200] and fetched: 20",
    points = 1,
    scenarios = { "the statement's 20 pages" },
    expect = "statuses: [200]\nfetched: 20\n",
    hint = 2,
    message = "The statement's run printed something else. A 429 in the "
           .. "statuses means the server refused requests: more than 5 "
           .. "were in flight at once. Keep at most `limit` in flight with "
           .. "an asyncio.Semaphore(limit) around each request.",
  },
  {
    name = "returns each URL's status, in URL order",
    points = 2,
    scenarios = CALLS,
    hint = 3,
    fn = function(run)
      return returned(run, run.scenario.data.statuses, "One status per "
        .. "URL, in the order of `urls`, whatever the status (a 404 or a "
        .. "500 is returned as is). A 429 means more than `limit` requests "
        .. "were in flight: use the `limit` argument, not a number of your "
        .. "own. asyncio.gather returns the results in the order of its "
        .. "arguments.")
    end,
  },
  check.maxconc {
    name = "never more than `limit` requests in flight",
    points = 1, tag = "http",
    max = limit_of,
    hint = 2,
    message = "{measured} requests were in flight at once; expected "
           .. "{expected} (the `limit` argument). Take an asyncio.Semaphore(limit) with "
           .. "`async with sem:` around each whole request (the "
           .. "`async with session.get(...)` block).",
  },
  {
    name = "keeps `limit` requests in flight until every URL has started",
    points = 2,
    hint = 2,
    fn = function(run) return no_idle_slot(run) end,
  },
  check.noleak {
    name = "the session is closed, nothing left behind",
    points = 1,
    hint = 2,
    message = "Something was left open or pending: use one session for "
           .. "all requests, opened in fetch_all with `async with "
           .. "lab.Session(...) as session:`, and await every request "
           .. "before the block ends.",
  },
  check.lint {
    name = "one session for every request, opened with async with",
    points = 1,
    rule = { "LL023", "LL006" },
    scenarios = { "the statement's 20 pages" },
    hint = 2,
    message = "Your code creates a session for each request (each one "
           .. "opens its own connections and throws its pool away), or "
           .. "outside `async with` (at import time, or closed on one path "
           .. "only). Open one session in fetch_all with `async with "
           .. "lab.Session(...) as session:` and pass it to fetch.",
  },
}
