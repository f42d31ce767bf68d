-- Checks for 2.1b (lua, watchdog.lua). Three scripted heartbeat streams,
-- each run through run.exec on a fresh virtual-clock loop. Times are
-- relative to the start of each run.
local SILENCE = 3
local SCRIPTS = {
  quiet_after = { beats = { 1, 2.5, 5, 7.9 } },          -- then silence
  closes = { beats = { 1, 2, 3, 4, 5 }, close_at = 6 },
  never = { beats = {} },
}

local cache = {}
local function go(run, key)
  if cache[key] then return cache[key] end
  local m = run.module
  if type(m) ~= "table" or type(m.watch) ~= "function" then
    cache[key] = { err = "watchdog.lua must return the module table with "
                      .. "`function M.watch(next_beat, emit, silence)`." }
    return cache[key]
  end
  local s = SCRIPTS[key]
  local lines, base, i = {}, nil, 0
  local function next_beat()
    i = i + 1
    local at = s.beats[i]
    if at == nil then
      if s.close_at then
        aio.sleep(s.close_at - (aio.now() - base))
        return nil
      end
      aio.sleep(1e6)                       -- the sender went quiet
      return nil
    end
    aio.sleep(at - (aio.now() - base))
    return true
  end
  local function emit(line)
    lines[#lines + 1] = string.format("%s@%g", tostring(line),
      math.floor((aio.now() - base) * 10 + 0.5) / 10)
  end
  local r = run.exec(function()
    base = aio.now()
    local res = m.watch(next_beat, emit, SILENCE)
    return { res = res, t = aio.now() - base }
  end)
  local c = { r = r, lines = lines }
  if not r.ok then
    c.err = "watch(...) raised an error: " .. tostring(r.error)
  end
  cache[key] = c
  return c
end

local function show(lines) return "{" .. table.concat(lines, ", ") .. "}" end

local function expect(run, key, res, t, want_lines, why)
  local c = go(run, key)
  if c.err then return false, c.err end
  local v = c.r.value
  local ok = v.res == res and math.abs(v.t - t) < 1e-6
             and show(c.lines) == show(want_lines)
  if not ok then
    return false, string.format("Heartbeats at %s%s: watch returned %q "
      .. "at %.1f s and emitted %s; expected %q at %.1f s with %s. %s",
      show(SCRIPTS[key].beats),
      SCRIPTS[key].close_at and (", stream closed at "
        .. SCRIPTS[key].close_at) or ", then silence",
      tostring(v.res), v.t, show(c.lines), res, t, show(want_lines), why),
      string.format("%s@%.1f", tostring(v.res), v.t)
  end
  return true
end

return {
  {
    name = "gives up 3 s after the last heartbeat",
    points = 2,
    fn = function(run)
      local ok, msg, m = expect(run, "never", "silent", 3, { "silent@3" },
        "With no heartbeat at all, the first deadline is 3 s after the "
        .. "start.")
      if not ok then return ok, msg, m end
      return expect(run, "quiet_after", "silent", 10.9,
        { "beat@1", "beat@2.5", "beat@5", "beat@7.9", "silent@10.9" },
        "Each heartbeat moves the deadline to now + 3 s: "
        .. "cm:reschedule(aio.now() + silence).")
    end,
  },
  {
    name = "a closed stream is not reported as silent",
    points = 1,
    fn = function(run)
      return expect(run, "closes", "closed", 6,
        { "beat@1", "beat@2", "beat@3", "beat@4", "beat@5" },
        "next_beat() returning nil means the sender closed the stream: "
        .. "return \"closed\" without emitting \"silent\".")
    end,
  },
}
