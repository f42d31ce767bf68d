-- Checks for 1.3a (lua, replies.lua). fetch_all runs through run.exec on
-- a fresh virtual-clock loop, with a `net` that counts requests in flight.
local DUR = { 1, 0.5, 0.8, 0.2, 0.6 }   -- request i waits DUR[i] s

-- One graded call: returns { r = exec result, peak = max in flight }.
local function call(run)
  local m = run.module
  if type(m) ~= "table" or type(m.fetch_all) ~= "function" then
    return nil, "replies.lua must return the module table with "
             .. "`function M.fetch_all(net, n)`, as in the starter."
  end
  local inflight, peak = 0, 0
  -- A request counts toward the peak only once its wait really ended: a
  -- call whose aio.sleep raised (run from a coroutine of the student's
  -- own, not a task) was never in flight.
  local function net(i)
    inflight = inflight + 1
    local seen = inflight
    local ok, err = pcall(aio.sleep, DUR[i])
    inflight = inflight - 1
    if not ok then error(err, 0) end
    if seen > peak then peak = seen end
    return "reply " .. i
  end
  local r = run.exec(m.fetch_all, net, #DUR)
  if not r.ok then
    return nil, "fetch_all(net, 5) raised an error: " .. tostring(r.error)
  end
  return { r = r, peak = peak }
end

local cache
local function once(run)
  if cache == nil then cache = { call(run) } end
  return cache[1], cache[2]
end

local function show(v)
  if type(v) ~= "table" then return tostring(v) end
  local t = {}
  for i, x in ipairs(v) do t[i] = string.format("%q", tostring(x)) end
  return "{" .. table.concat(t, ", ") .. "}"
end

return {
  {
    name = "returns the replies in request order",
    points = 1,
    fn = function(run)
      local c, err = once(run)
      if not c then return false, err end
      local got = c.r.value
      local ok = type(got) == "table" and #got == #DUR
      for i = 1, #DUR do
        ok = ok and got[i] == "reply " .. i
      end
      if not ok then
        return false, "fetch_all(net, 5) returned " .. show(got)
          .. "; expected {\"reply 1\", ..., \"reply 5\"} in that order, "
          .. "whatever order the replies arrive in. Keep the tasks in a "
          .. "list and await them in that order.", show(got)
      end
      return true
    end,
  },
  {
    name = "the requests overlap: 5 requests take 1 s",
    points = 2,
    fn = function(run)
      local c, err = once(run)
      if not c then return false, err end
      local v = c.r.vtime
      local m = string.format("%.2f", v)
      if math.abs(v - 1.0) > 1e-6 then
        return false, "fetch_all took " .. m .. " virtual seconds; the "
          .. "longest request waits 1 s, so with every request in flight "
          .. "at once the call takes 1 s. One after another they add up "
          .. "to 3.1 s.", m
      end
      return true, nil, m
    end,
  },
  {
    name = "all 5 requests are in flight at once",
    points = 1,
    fn = function(run)
      local c, err = once(run)
      if not c then return false, err end
      if c.peak ~= #DUR then
        return false, "At most " .. c.peak .. " request(s) were waiting "
          .. "at the same time; expected 5. Create all five tasks first, "
          .. "then await them: a task awaited right after it is created "
          .. "is just a slower function call.", tostring(c.peak)
      end
      return true, nil, tostring(c.peak)
    end,
  },
}
