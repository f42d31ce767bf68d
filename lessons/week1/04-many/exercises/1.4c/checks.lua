-- Checks for 1.4c (lua, report.lua). report runs through run.exec with a
-- scripted fetch; emit records each line with the virtual time it came.
local DUR = { alpha = 3, beta = 1, gamma = 2, delta = 1, eps = 0.5 }
local NAMES = { "alpha", "beta", "gamma", "delta", "eps" }
-- Completion order; beta and delta tie at 1 s and come in input order.
local WANT = { "eps", "beta", "delta", "gamma", "alpha" }

local cache
local function go(run)
  if cache then return cache end
  cache = {}
  local m = run.module
  if type(m) ~= "table" or type(m.report) ~= "function" then
    cache.err = "report.lua must return the module table with "
             .. "`function M.report(fetch, names, emit)`."
    return cache
  end
  local lines = {}
  local function fetch(name)
    aio.sleep(DUR[name])
    return "result of " .. name
  end
  local function emit(line)
    lines[#lines + 1] = { line = tostring(line), t = aio.now() }
  end
  local names = {}
  for i, n in ipairs(NAMES) do names[i] = n end
  cache.r = run.exec(m.report, fetch, names, emit)
  cache.lines = lines
  if not cache.r.ok then
    cache.err = "report(...) raised an error: " .. tostring(cache.r.error)
  end
  return cache
end

local function got_text(lines)
  local t = {}
  for i, l in ipairs(lines) do
    t[i] = string.format("%q@%.1f", l.line, l.t)
  end
  return "{" .. table.concat(t, ", ") .. "}"
end

return {
  {
    name = "reports results in the order they finish",
    points = 2,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      local ok = #c.lines == #WANT
      for i, n in ipairs(WANT) do
        ok = ok and c.lines[i] and
             c.lines[i].line == n .. ": result of " .. n
      end
      if not ok then
        return false, "emit was called with " .. got_text(c.lines)
          .. " (line@time). Expected the lines \"<name>: <result>\" for "
          .. "eps, beta, delta, gamma, alpha: the order the fetches "
          .. "finish (beta and delta finish together, in input order).",
          tostring(#c.lines)
      end
      return true
    end,
  },
  {
    name = "reports each result the moment it arrives",
    points = 2,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      for _, l in ipairs(c.lines) do
        local name = l.line:match("^(%w+):")
        if not DUR[name] or math.abs(l.t - DUR[name]) > 1e-6 then
          return false, "Line " .. string.format("%q", l.line)
            .. string.format(" was emitted at %.1f s", l.t) .. "; it "
            .. "should come as soon as its fetch is done"
            .. (DUR[name] and string.format(" (%.1f s)", DUR[name]) or "")
            .. ". Use aio.wait with return_when = \"FIRST_COMPLETED\" in "
            .. "a loop, and emit inside the loop.", got_text(c.lines)
        end
      end
      if #c.lines == 0 then return false, "emit was never called." end
      return true
    end,
  },
  {
    name = "takes as long as the slowest fetch",
    points = 1,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      local v = c.r.vtime
      if math.abs(v - 3) > 1e-6 then
        return false, string.format("report took %.2f virtual seconds; "
          .. "with every fetch started at once it takes 3 s (alpha).", v),
          string.format("%.2f", v)
      end
      return true, nil, "3.0"
    end,
  },
}
