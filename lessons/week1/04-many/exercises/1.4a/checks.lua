-- Checks for 1.4a (lua, fetch_all.lua). fetch_all runs through run.exec on
-- a fresh virtual-clock loop with a scripted fetch that counts requests in
-- flight. Two scripts: one with failures, one where every URL works.
local SITES = {
  ["a.com"] = { 1.0, 200 }, ["b.com"] = { 2.0, 404 },
  ["c.com"] = { 0.5, 200 }, ["d.com"] = { 1.5, 503 },
  ["e.com"] = { 0.2, 200 }, ["f.com"] = { 3.0, 200 },
}
local SCRIPTS = {
  { urls = { "a.com", "b.com", "c.com", "d.com", "e.com" },
    want = { "<a.com>", "failed: 404", "<c.com>", "failed: 503",
             "<e.com>" }, slowest = 2.0 },
  { urls = { "f.com", "e.com", "a.com" },
    want = { "<f.com>", "<e.com>", "<a.com>" }, slowest = 3.0 },
}

local function show(v)
  if type(v) ~= "table" then return tostring(v) end
  local t = {}
  for i = 1, #v do t[i] = string.format("%q", tostring(v[i])) end
  return "{" .. table.concat(t, ", ") .. "}"
end

local results
local function runs(run)
  if results then return results end
  results = {}
  local m = run.module
  if type(m) ~= "table" or type(m.fetch_all) ~= "function" then
    results.err = "fetch_all.lua must return the module table with "
               .. "`function M.fetch_all(fetch, urls)`."
    return results
  end
  for k, s in ipairs(SCRIPTS) do
    local inflight, peak = 0, 0
    local function fetch(url)
      local site = SITES[url]
      -- counted only once its wait really ended (see 1.3a's checks)
      inflight = inflight + 1
      local seen = inflight
      local ok, err = pcall(aio.sleep, site[1])
      inflight = inflight - 1
      if not ok then error(err, 0) end
      peak = math.max(peak, seen)
      if site[2] ~= 200 then error({ status = site[2], url = url }) end
      return "<" .. url .. ">"
    end
    local urls = {}
    for i, u in ipairs(s.urls) do urls[i] = u end
    results[k] = { r = run.exec(m.fetch_all, fetch, urls), peak = peak,
                   s = s }
    results[k].peak = peak
  end
  return results
end

local function each(run, test)
  local rs = runs(run)
  if rs.err then return false, rs.err end
  for _, x in ipairs(rs) do
    local ok, msg, measured = test(x, x.s)
    if not ok then return false, msg, measured end
  end
  return true
end

local function call_text(s)
  return "fetch_all(fetch, " .. show(s.urls) .. ")"
end

return {
  {
    name = "one entry per URL, failures in their own slot",
    points = 2,
    fn = function(run)
      return each(run, function(x, s)
        if not x.r.ok then
          return false, call_text(s) .. " raised: " .. tostring(x.r.error)
            .. "\nA failed fetch must not stop the others: ask gather "
            .. "for { return_exceptions = true } and turn each error "
            .. "into \"failed: <status>\".", "error"
        end
        local got = x.r.value
        local ok = type(got) == "table" and #got == #s.want
        for i = 1, #s.want do ok = ok and got[i] == s.want[i] end
        if not ok then
          return false, call_text(s) .. " returned " .. show(got)
            .. "; expected " .. show(s.want) .. ".", show(got)
        end
        return true
      end)
    end,
  },
  {
    name = "all URLs are fetched at once (slowest = total)",
    points = 2,
    fn = function(run)
      return each(run, function(x, s)
        local v = x.r.vtime or -1
        if math.abs(v - s.slowest) > 1e-6 or x.peak ~= #s.urls then
          return false, string.format("%s took %.2f virtual seconds with "
            .. "at most %d request(s) in flight; expected %.2f s (the "
            .. "slowest URL) with all %d in flight. Start every fetch "
            .. "before waiting for any: aio.gather does that.",
            call_text(s), v, x.peak, s.slowest, #s.urls),
            string.format("%.2f s, %d", v, x.peak)
        end
        return true
      end)
    end,
  },
}
