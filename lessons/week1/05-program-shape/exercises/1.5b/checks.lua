-- Checks for 1.5b (lua, resource.lua). Each case runs on a fresh
-- virtual-clock loop through run.exec; a log records what happened when.
local function fn_of(run)
  local m = run.module
  if type(m) ~= "table" or type(m.with_resource) ~= "function" then
    return nil, "resource.lua must return the module table with "
             .. "`function M.with_resource(open_fn, close_fn, body)`."
  end
  return m.with_resource
end

-- A resource whose open and close both wait 0.5 s, logging to `log`.
-- Times are relative to the first call of open_fn (run.exec's clock goes
-- on from the previous case).
local function kit(log, open_fails)
  local base
  local function note(s)
    log[#log + 1] = string.format("%s@%.1f", s, aio.now() - base)
  end
  local function open_fn()
    base = base or aio.now()
    aio.sleep(0.5)
    if open_fails then note("open failed") error("cannot open", 0) end
    note("open")
    return { name = "conn" }
  end
  local function close_fn(res)
    note("close start")
    aio.sleep(0.5)
    note("close done " .. tostring(type(res) == "table" and res.name))
  end
  return open_fn, close_fn, note
end

local function show(log) return "{" .. table.concat(log, ", ") .. "}" end

local function same(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

return {
  {
    name = "returns the body's results, closing after the body",
    points = 1,
    fn = function(run)
      local wr, err = fn_of(run)
      if not wr then return false, err end
      local log = {}
      local open_fn, close_fn, note = kit(log)
      local r = run.exec(function()
        return table.pack(wr(open_fn, close_fn, function(res)
          aio.sleep(1)
          note("body")
          return res.name, 42
        end))
      end)
      if not r.ok then
        return false, "with_resource raised on a body that succeeds: "
          .. tostring(r.error)
      end
      local v = r.value
      local want = { "open@0.5", "body@1.5", "close start@1.5",
                     "close done conn@2.0" }
      if not same(log, want) then
        return false, "Events were " .. show(log) .. "; expected "
          .. show(want) .. ".", show(log)
      end
      if not (v and v[1] == "conn" and v[2] == 42) then
        return false, "The body returned \"conn\", 42; with_resource "
          .. "must return both values.", tostring(v and v[1])
      end
      return true
    end,
  },
  {
    name = "closes and re-raises when the body fails",
    points = 2,
    fn = function(run)
      local wr, err = fn_of(run)
      if not wr then return false, err end
      local log = {}
      local open_fn, close_fn = kit(log)
      local boom = { what = "boom" }
      local r = run.exec(function()
        local ok, e = pcall(wr, open_fn, close_fn, function()
          aio.sleep(1)
          error(boom)
        end)
        return { ok = ok, same = (e == boom) }
      end)
      if not r.ok then return false, "unexpected error: " .. tostring(r.error) end
      local want = { "open@0.5", "close start@1.5", "close done conn@2.0" }
      if not same(log, want) then
        return false, "The body raised at 1.5 s. Events were " .. show(log)
          .. "; expected " .. show(want) .. ": close must run even when "
          .. "the body fails. Call the body with pcall.", show(log)
      end
      if r.value.ok or not r.value.same then
        return false, "with_resource must re-raise the body's error, the "
          .. "same value, after closing: error(e, 0). It "
          .. (r.value.ok and "returned normally." or "raised something else."),
          r.value.ok and "returned" or "other error"
      end
      return true
    end,
  },
  {
    name = "closes on cancel, and the task still ends cancelled",
    points = 2,
    fn = function(run)
      local wr, err = fn_of(run)
      if not wr then return false, err end
      local log = {}
      local open_fn, close_fn = kit(log)
      local r = run.exec(function()
        local t = aio.create_task("user", wr, open_fn, close_fn,
                                  function() aio.sleep(10) end)
        aio.sleep(2)                   -- open_fn started at once: base
        t:cancel()
        pcall(aio.await, t)
        return { cancelled = t:cancelled(), t = aio.now() }
      end)
      if not r.ok then return false, "unexpected error: " .. tostring(r.error) end
      local want = { "open@0.5", "close start@2.0", "close done conn@2.5" }
      if not same(log, want) then
        return false, "The task was cancelled at 2.0 s, in the body. "
          .. "Events were " .. show(log) .. "; expected " .. show(want)
          .. ".", show(log)
      end
      if not r.value.cancelled then
        return false, "After closing, the task finished normally instead "
          .. "of cancelled: the CancelledError was swallowed. Re-raise "
          .. "whatever the body's pcall caught.", "not cancelled"
      end
      return true
    end,
  },
  {
    name = "a failed open is not closed",
    points = 1,
    hidden = true,
    message = "When open_fn raises, there is no resource: do not call "
           .. "close_fn, just let the error propagate.",
    fn = function(run)
      local wr, err = fn_of(run)
      if not wr then return false, err end
      local log = {}
      local open_fn, close_fn = kit(log, true)
      local r = run.exec(function()
        local ok, e = pcall(wr, open_fn, close_fn, function() end)
        return { ok = ok, e = e }
      end)
      if not r.ok then return false, nil, tostring(r.error) end
      if not same(log, { "open failed@0.5" }) or r.value.ok
         or r.value.e ~= "cannot open" then
        return false, nil, show(log)
      end
      return true
    end,
  },
}
