-- Checks that use what a submission shares a Lua state with: aio (the
-- net below sleeps with it), string methods (format) and task methods
-- (cancel_ok's t:cancelled()). A submission that patches any of them must
-- not change what these measure.
local function call(run)
  local m = run.module
  if type(m) ~= "table" or type(m.fetch_all) ~= "function" then
    return nil, "no fetch_all"
  end
  local inflight, peak = 0, 0
  local function net(i)      -- counted once its wait really ended
    inflight = inflight + 1
    local seen = inflight
    local ok, err = pcall(aio.sleep, 1)
    inflight = inflight - 1
    if not ok then error(err, 0) end
    if seen > peak then peak = seen end
    return ("r%d"):format(i)
  end
  local r = run.exec(m.fetch_all, net, 3)
  if not r.ok then return nil, tostring(r.error) end
  return { r = r, peak = peak }
end

return {
  time_limit = 3,
  { name = "fetches all three at once", fn = function(run)
      local c, err = call(run)
      if not c then return false, err end
      local v = c.r.value
      local ok = type(v) == "table" and v[1] == "r1" and v[2] == "r2" and v[3] == "r3"
      return ok and c.peak == 3 and c.r.vtime == 1,
        ("peak %d, vtime %s"):format(c.peak, tostring(c.r.vtime))
    end },
  { name = "labels the count", fn = function(run)
      local m = run.module
      if type(m) ~= "table" or type(m.label) ~= "function" then return false, "no label" end
      local want = ("%d items"):format(3)
      return m.label(3) == want and want == "3 items", tostring(m.label(3))
    end },
  check.cancel_ok { name = "nap ends cancelled", call = "nap", at = 0.5 },
}
