-- Checks for 1.4a (python, fetch_all.py). fetch_all(urls) is run on the
-- statement's example (as a script) and called on other site tables: the
-- scenario `set`s SITES, so fetch() answers with other latencies and
-- statuses. Latencies are off the half-second grid; failures sit first,
-- last and in between; one call has every site failing, one none, with a
-- URL listed twice.
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

-- A scenario that calls fetch_all(urls) on `sites` (url -> {seconds,
-- status}): the answer it must return and how long it takes.
local function call(urls, sites)
  local want, slowest = {}, 0
  for i, url in ipairs(urls) do
    local s = sites[url]
    want[i] = s[2] == 200 and ("body of " .. url) or ("failed: " .. s[2])
    slowest = math.max(slowest, s[1])
  end
  return { call = "fetch_all", args = { urls }, set = { SITES = sites },
           data = { want = want, slowest = slowest } }
end

local function named(name, sc) sc.name = name return sc end

local CALLS = { "several failures, first and last among them",
                "every site fails", "no site fails, one URL twice",
                "random sites" }

return {
  scenarios = {
    { name = "the statement's three sites", data = { slowest = 2.0 } },
    named("several failures, first and last among them", call(
      { "zeta.org", "mid.net", "alpha.io", "kilo.com", "echo.dev", "bravo.org" },
      { ["zeta.org"] = { 0.73, 404 }, ["mid.net"] = { 1.91, 200 },
        ["alpha.io"] = { 0.05, 200 }, ["kilo.com"] = { 1.27, 404 },
        ["echo.dev"] = { 0.4, 503 }, ["bravo.org"] = { 2.36, 404 } })),
    named("every site fails", call(
      { "x9.com", "b2.net", "q.org" },
      { ["x9.com"] = { 0.62, 500 }, ["b2.net"] = { 1.13, 404 },
        ["q.org"] = { 0.29, 503 } })),
    named("no site fails, one URL twice", call(
      { "slow.org", "fast.org", "mid.org", "fast.org" },
      { ["slow.org"] = { 2.71, 200 }, ["fast.org"] = { 0.18, 200 },
        ["mid.org"] = { 1.44, 200 } })),
    { name = "random sites", count = 3, make = function(rng)
        local pool = rng:shuffle({ "web.io", "cdn.net", "api.dev", "img.org",
          "news.com", "docs.io", "blog.net", "shop.org" })
        local urls, sites = {}, {}
        for i = 1, rng:int(3, 7) do
          urls[i] = pool[i]
          sites[pool[i]] = { rng:float(0.05, 3.0, 2),
                             rng:pick({ 200, 200, 404, 404, 500, 503 }) }
        end
        return call(urls, sites)
      end },
  },

  check.out {
    name = "prints one line per URL, failures in their slot", points = 1,
    scenarios = { "the statement's three sites" },
    expect = "a.com: body of a.com\nb.com: failed: 404\nc.com: body of c.com\n",
    message = "main() should print the three lines of the statement: "
           .. "fetch_all must return ['body of a.com', 'failed: 404', "
           .. "'body of c.com'], one entry per URL in the order of URLS.",
    hint = 2,
  },
  {
    name = "returns one entry per URL, in the order of urls", points = 3,
    scenarios = CALLS, hint = 2,
    fn = function(run)
      local sc = run.scenario
      local want, got = sc.data.want, run.result
      if run.main_end ~= "done" then
        return false, "fetch_all(" .. py(sc.args[1]) .. ") did not return "
          .. "a list: it raised " .. tostring(run.error or "an exception")
          .. ". A failed fetch must not stop the others: ask gather for "
          .. "return_exceptions=True (or catch HTTPError inside each task) "
          .. "and turn each HTTPError e into f\"failed: {e.status}\".",
          "raised"
      end
      if not same(got, want) then
        return false, "fetch_all(" .. py(sc.args[1]) .. ") returned "
          .. py(got) .. "; expected " .. py(want) .. ": one entry per "
          .. "item of urls, in that order (not the order they finish, "
          .. "not sorted), the body or \"failed: \" and the status that "
          .. "HTTPError carries (e.status).", py(got)
      end
      return true, nil, py(got)
    end,
  },
  check.vtime {
    name = "takes as long as the slowest site", points = 2, hint = 1,
    eq = function(sc) return sc.data.slowest end,
    message = "It took {measured} virtual seconds; the slowest site of this "
           .. "call answers after {expected} s. Fetching one site after "
           .. "another adds their times up: start every fetch before you "
           .. "wait for any (asyncio.gather or a TaskGroup), and wait until "
           .. "every site has answered before you return.",
  },
  check.noleak {
    name = "leaves no fetch running", points = 1, hint = 3,
    message = "When fetch_all returned, some fetches were still running "
           .. "(or a task's error was never read). With plain gather, the "
           .. "first error comes back at once and the other fetches go on "
           .. "without anyone waiting for them: use return_exceptions=True, "
           .. "or catch HTTPError inside each task.",
  },
  check.noerror { name = "runs without an exception", points = 1, hint = 2 },
}
