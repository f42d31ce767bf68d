-- Checks for 2.2b (lua, save.lua). Two runs through run.exec: one where
-- the task is cancelled 1 s into a 3 s save, one left alone. Times are
-- relative to the start of each run.
local function kit(base_ref)
  local log = {}
  local function note(s)
    log[#log + 1] = string.format("%s@%g", s, aio.now() - base_ref.t)
  end
  local function save()
    note("save started")
    aio.sleep(3)
    note("saved")
    return "doc v2"
  end
  return log, save, note
end

local cache = {}
local function go(run, cancel)
  local key = cancel and "cancel" or "plain"
  if cache[key] then return cache[key] end
  local m = run.module
  if type(m) ~= "table" or type(m.save_then_exit) ~= "function" then
    cache[key] = { err = "save.lua must return the module table with "
                      .. "`function M.save_then_exit(save, emit)`." }
    return cache[key]
  end
  local base = { t = 0 }
  local log, save, note = kit(base)
  local r = run.exec(function()
    base.t = aio.now()
    local t = aio.create_task("save_then_exit", m.save_then_exit, save,
                              note)
    if cancel then
      aio.sleep(1)
      note("cancel sent")
      t:cancel()
    end
    local ok, v = pcall(aio.await, t)
    note("task ended")
    local pending = 0
    for _, x in ipairs(aio.all_tasks and aio.all_tasks() or {}) do
      if x ~= aio.current_task() then pending = pending + 1 end
    end
    return { ok = ok, v = v, cancelled = t:cancelled(), pending = pending }
  end)
  local c = { r = r, log = log }
  if not r.ok then c.err = "the run raised: " .. tostring(r.error) end
  cache[key] = c
  return c
end

local function show(log) return "{" .. table.concat(log, ", ") .. "}" end

return {
  {
    name = "the save completes after the cancel",
    points = 2,
    fn = function(run)
      local c = go(run, true)
      if c.err then return false, c.err end
      local want = { "save started@0", "cancel sent@1",
                     "cancel received, finishing the save@1", "saved@3",
                     "task ended@3" }
      if show(c.log) ~= show(want) then
        return false, "Cancelled 1 s into a 3 s save, the events were "
          .. show(c.log) .. "; expected " .. show(want) .. ". Shield the "
          .. "save task (aio.shield) so the cancel does not reach it, emit "
          .. "the line, then await the save before re-raising.",
          show(c.log)
      end
      return true
    end,
  },
  {
    name = "save_then_exit still ends cancelled",
    points = 2,
    fn = function(run)
      local c = go(run, true)
      if c.err then return false, c.err end
      if not c.r.value.cancelled then
        return false, "After the save, the task ended normally: the "
          .. "CancelledError was swallowed. Re-raise it (error(e, 0)) "
          .. "once the save is done.", "not cancelled"
      end
      if c.r.value.pending > 0 then
        return false, "A task was still pending after save_then_exit "
          .. "ended.", tostring(c.r.value.pending)
      end
      return true
    end,
  },
  {
    name = "returns the save's result when not cancelled",
    points = 1,
    fn = function(run)
      local c = go(run, false)
      if c.err then return false, c.err end
      local v = c.r.value
      if not v.ok or v.v ~= "doc v2" then
        return false, "Left alone, save_then_exit must return what save() "
          .. "returned (\"doc v2\"); it gave " .. tostring(v.v) .. ".",
          tostring(v.v)
      end
      return true
    end,
  },
}
