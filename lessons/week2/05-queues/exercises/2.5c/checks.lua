-- Checks for 2.5c (lua, drain.lua). Six items of 1 s each, two workers,
-- shutdown at 1.5 s; once in drain mode, once immediate. The expected
-- counts and times match CPython 3.13.0's asyncio.Queue.shutdown:
-- drain [0..5] at 3.0 s, immediate [0, 1, 2, 3] at 2.0 s.
local cache = {}
local function go(run, immediate)
  local key = tostring(immediate)
  if cache[key] then return cache[key] end
  local m = run.module
  if type(m) ~= "table" or type(m.run) ~= "function" then
    cache[key] = { err = "drain.lua must return the module table with "
      .. "`function M.run(items, work, emit, after, immediate)`." }
    return cache[key]
  end
  local done, base = {}, 0
  local function emit(s) done[#done + 1] = tostring(s) end
  local function work() aio.sleep(1) end
  local r = run.exec(function()
    base = aio.now()
    local t = aio.create_task("run", m.run, { 0, 1, 2, 3, 4, 5 }, work,
                              emit, 1.5, immediate)
    local ok, e = pcall(aio.wait_for, t, 20)
    return { ok = ok, e = e, t = aio.now() - base }
  end)
  local c = { r = r, done = done }
  if not r.ok then c.err = "the run raised: " .. tostring(r.error)
  elseif not r.value.ok then
    c.err = "run(...) " .. (aio.iserror(r.value.e, "TimeoutError")
      and "never returned: the workers kept waiting in get(). After "
          .. "shutdown, get() raises QueueShutDown; stop the worker then."
      or ("raised: " .. tostring(r.value.e)))
  end
  cache[key] = c
  return c
end

local function show(t) return "{" .. table.concat(t, ", ") .. "}" end

local function expect(run, immediate, want, t, why)
  local c = go(run, immediate)
  if c.err then return false, c.err end
  if show(c.done) ~= show(want) or math.abs(c.r.value.t - t) > 1e-6 then
    return false, string.format("Shutdown%s at 1.5 s: the workers did %s "
      .. "and run returned at %.1f s; expected %s at %.1f s. %s",
      immediate and "(true)" or "()", show(c.done), c.r.value.t,
      show(want), t, why), show(c.done)
  end
  return true
end

return {
  {
    name = "drain shutdown lets the workers finish the queue",
    points = 2,
    fn = function(run)
      return expect(run, false, { "done 0", "done 1", "done 2", "done 3",
        "done 4", "done 5" }, 3, "q:shutdown() keeps the queued items: "
        .. "get() only raises QueueShutDown once the queue is empty.")
    end,
  },
  {
    name = "immediate shutdown drops the queued items",
    points = 2,
    fn = function(run)
      return expect(run, true, { "done 0", "done 1", "done 2", "done 3" },
        2, "q:shutdown(true) empties the queue at once; items already "
        .. "taken (2 and 3) still finish.")
    end,
  },
}
