-- Checks for 2.1a (python, deadline.py). Display order = list order.
--
-- Every scenario is worked out here from its inputs. All requests start
-- together, so each one's deadline is min(per_item, overall) after the
-- call; a request whose latency equals that deadline is a tie that
-- asyncio may settle either way, so a tie accepts its body or "timeout".

local STATEMENT = {
  a = 1, b = 2.5, c = 1.5, d = 10, e = 3.5, f = 0.5,
}

-- What one call must give: results in urls order ("?" for a tie), the
-- sorted cancelled urls (ties left out), the ties, and the end time.
local function outcome(urls, lat, per, overall)
  local cut = math.min(per, overall)
  local res, cancelled, ties, ends = {}, {}, {}, 0
  for i, u in ipairs(urls) do
    local l = lat[u]
    if l < cut then
      res[i] = "<" .. u .. ">"
      ends = math.max(ends, l)
    elseif l > cut then
      res[i] = "timeout"
      cancelled[#cancelled + 1] = u
      ends = cut
    else
      res[i] = "?"
      ties[u] = true
      ends = math.max(ends, cut)
    end
  end
  table.sort(cancelled)
  return { results = res, cancelled = cancelled, ties = ties, ends = ends }
end

-- What main() prints (no ties in the tables given to it).
local function main_out(lat)
  local out, t = {}, 0
  for _, call in ipairs({ { { "a", "b", "c", "d", "e", "f" }, 2, 5 },
                          { { "a", "b", "e", "d" }, 4, 3 } }) do
    local o = outcome(call[1], lat, call[2], call[3])
    local parts = {}
    for i, u in ipairs(call[1]) do parts[i] = u .. "=" .. o.results[i] end
    out[#out + 1] = table.concat(parts, " ")
    local q = {}
    for i, u in ipairs(o.cancelled) do q[i] = "'" .. u .. "'" end
    out[#out + 1] = "cancelled: [" .. table.concat(q, ", ") .. "]"
    t = t + o.ends
  end
  return table.concat(out, "\n") .. "\n", t
end

local function main_scenario(name, lat, set)
  local out, t = main_out(lat)
  return { name = name, call = set and "main" or nil,
           set = set and { LATENCY = lat } or nil,
           data = { out = out, ends = t } }
end

local function trial(name, urls, lat, per, overall)
  local o = outcome(urls, lat, per, overall)
  o.urls, o.per, o.overall = urls, per, overall
  return { name = name, call = "trial", args = { urls, per, overall },
           set = { LATENCY = lat }, data = o }
end

local function fmt(v)
  if math.type(v) == "integer" or v == math.floor(v) then
    return string.format("%d", math.floor(v))
  end
  return (string.format("%.3f", v):gsub("0+$", ""))
end

local function describe(d, lat)
  local parts = {}
  for i, u in ipairs(d.urls) do
    parts[i] = u .. " " .. fmt(lat[u]) .. " s"
  end
  return "fetch_with_deadline(" .. "[" .. table.concat(d.urls, ", ")
    .. "], per_item=" .. fmt(d.per) .. ", overall=" .. fmt(d.overall)
    .. ") with latencies " .. table.concat(parts, ", ")
end

local function got_results(run)
  local r = run.result
  if run.error then
    return nil, "fetch_with_deadline raised an exception: "
      .. tostring(run.error) .. ". A request that runs out of time must "
      .. "give \"timeout\" in its slot, not an exception."
  end
  if type(r) ~= "table" or type(r.results) ~= "table" then
    return nil, "fetch_with_deadline did not return a dict {url: body}."
  end
  return r
end

local TRIALS = {
  "equal deadlines", "the overall deadline cuts a request short",
  "a request ends exactly at per_item",
  "a request ends exactly at the overall deadline",
  "random deadlines",
}

return {
  scenarios = {
    main_scenario("the statement's example", STATEMENT, false),
    main_scenario("the statement's program, other latencies",
      { a = 2.31, b = 1.64, c = 0.88, d = 2.77, e = 1.07, f = 2.02 }, true),
    trial("equal deadlines", { "p", "q", "r", "s", "t" },
      { p = 0.3, q = 1.69, r = 1.71, s = 4.2, t = 0.05 }, 1.7, 1.7),
    trial("the overall deadline cuts a request short", { "w", "x", "y", "z" },
      { w = 0.4, x = 1.1, y = 2.2, z = 5.3 }, 3, 1.25),
    trial("a request ends exactly at per_item", { "k", "l", "m", "n" },
      { k = 1.5, l = 0.75, m = 1.49, n = 1.51 }, 1.5, 4),
    trial("a request ends exactly at the overall deadline",
      { "g", "h", "i", "j" },
      { g = 2.2, h = 2.19, i = 0.3, j = 2.21 }, 2.6, 2.2),
    { name = "random deadlines", count = 3, make = function(rng)
        local n = rng:int(3, 6)
        local per = rng:float(0.6, 3.0, 2)
        local mode = rng:int(1, 4)
        local overall
        if mode == 1 then overall = per                         -- equal
        elseif mode == 2 then overall = rng:float(0.3, per - 0.1, 2)
        else overall = rng:float(per + 0.1, 4.5, 2) end
        local cut = math.min(per, overall)
        local urls, lat = {}, {}
        for i = 1, n do
          local u = string.char(96 + i)
          urls[i] = u
          lat[u] = rng:float(0.05, cut + 2, 2)
        end
        if mode == 4 then                     -- everything finishes early
          for i = 1, n do lat[urls[i]] = rng:float(0.05, cut - 0.05, 2) end
        else
          lat[urls[1]] = rng:float(0.05, cut - 0.05, 2)
          lat[urls[n]] = rng:float(cut + 0.05, cut + 2, 2)
          if rng:int(1, 2) == 1 then lat[urls[2]] = cut end   -- a tie
        end
        rng:shuffle(urls)
        local o = outcome(urls, lat, per, overall)
        o.urls, o.per, o.overall = urls, per, overall
        return { call = "trial", args = { urls, per, overall },
                 set = { LATENCY = lat }, data = o }
      end },
  },

  check.out {
    name = "prints both result maps and what was cancelled",
    points = 2, hint = 3,
    scenarios = { "the statement's example",
                  "the statement's program, other latencies" },
    expect = function(sc) return sc.data.out end,
    message = "Each line lists every URL in the order given, with its body "
           .. "or \"timeout\"; the cancelled list is filled by fetch() "
           .. "itself when a request is cut.",
  },

  {
    name = "returns each body or timeout, in the order given",
    points = 3, hint = 2,
    scenarios = TRIALS,
    fn = function(run)
      local d = run.scenario.data
      local r, err = got_results(run)
      if not r then return false, err end
      local got, seen = {}, {}
      for i, pair in ipairs(r.results) do
        got[i] = tostring(pair[1]) .. "=" .. tostring(pair[2])
        seen[i] = pair
      end
      local ok = #r.results == #d.urls
      for i, u in ipairs(d.urls) do
        local p = seen[i]
        if not p or p[1] ~= u then ok = false
        elseif d.results[i] == "?" then
          if p[2] ~= "timeout" and p[2] ~= "<" .. u .. ">" then ok = false end
        elseif p[2] ~= d.results[i] then ok = false end
      end
      if ok then return true end
      local want = {}
      for i, u in ipairs(d.urls) do
        want[i] = u .. "=" .. (d.results[i] == "?"
          and ("<" .. u .. "> or timeout") or d.results[i])
      end
      local lat = run.scenario.set.LATENCY
      return false, describe(d, lat) .. " returned {" .. table.concat(got, ", ")
        .. "}; expected {" .. table.concat(want, ", ") .. "} (every URL, in "
        .. "the order given). A body that arrived before both deadlines "
        .. "must be kept: a timeout around the whole batch (wait_for or "
        .. "asyncio.timeout around gather) throws the finished ones away. "
        .. "Put per_item around each request, and let the overall "
        .. "deadline stop the waiting (asyncio.wait(..., timeout=overall)) "
        .. "without cancelling what is already done.",
        table.concat(got, " ")
    end,
  },

  {
    name = "cancels the late requests, and waits for them",
    points = 2, hint = 3,
    scenarios = TRIALS,
    fn = function(run)
      local d = run.scenario.data
      local r, err = got_results(run)
      if not r then return false, err end
      local got = {}
      for _, u in ipairs(r.cancelled or {}) do
        if not d.ties[u] then got[#got + 1] = u end
      end
      if table.concat(got, ",") == table.concat(d.cancelled, ",") then
        return true
      end
      return false, describe(d, run.scenario.set.LATENCY) .. ": when it "
        .. "returned, fetch() had recorded the cancellation of ["
        .. table.concat(got, ", ") .. "]; expected ["
        .. table.concat(d.cancelled, ", ") .. "]. A request past its "
        .. "deadline must be cancelled (t.cancel()), and its cancellation "
        .. "must have run before you return: await the cancelled tasks "
        .. "(asyncio.gather(*pending, return_exceptions=True) or "
        .. "asyncio.wait(pending)). wait_for and asyncio.timeout do both "
        .. "for you.", "[" .. table.concat(got, ", ") .. "]"
    end,
  },

  check.vtime {
    name = "returns as soon as the deadlines allow",
    points = 2, hint = 1,
    eq = function(sc) return sc.data.ends end,
    message = "The run took {measured} virtual seconds; expected {expected}. "
           .. "All requests run at once, so a call ends when its slowest "
           .. "request ends or when the first deadline (per_item or "
           .. "overall) passes, whichever is earlier: not later (a missing "
           .. "per-item limit, requests one after another) and not at a "
           .. "fixed time (sleeping until the deadline although everything "
           .. "has finished).",
  },

  check.noleak {
    name = "no request is left running",
    points = 1, hint = 3,
    message = "When the program ended, a request was still running or "
           .. "Python warned about a task: {measured}. A request past its "
           .. "deadline must be cancelled, not left behind.",
  },

  check.noerror { name = "runs without an exception", points = 1 },
}
