-- ports: AIO_SEMANTICS 5.2 probe exp7; test_waitfor.py AsyncioWaitForTest.test_wait_for_self_cancellation (3.11 only) is the rule that changed
-- 3.12+: the cancelled caller waits for an inner task that ignores the cancel and returns its value; cancelling() stays 1.
-- Pinned to 3.12 in OVERRIDES (3.11 raises CancelledError in the caller instead).
local aio = require("aio")
-- diff prelude (identical in every case; mirrors tests/diff/diffkit.py)
local E, S
function E(e)
  if type(e) ~= "table" or not e.type then return tostring(e) end
  if e.type == "ExceptionGroup" then
    local p = {}
    for i, x in ipairs(e.exceptions) do p[i] = E(x) end
    return "ExceptionGroup: " .. tostring(e.message) .. " [" .. table.concat(p, ", ") .. "]"
  end
  if e.message ~= nil and e.message ~= "" then return e.type .. ": " .. tostring(e.message) end
  return e.type
end
function S(v)
  if type(v) == "table" then
    if v.type then return E(v) end
    local p = {}
    for i = 1, #v do p[i] = S(v[i]) end
    return "[" .. table.concat(p, ", ") .. "]"
  end
  if v == nil then return "nil" end
  return tostring(v)
end
local function T(...)
  local p = { string.format("t=%.2f", aio.now()) }
  for i = 1, select("#", ...) do p[#p + 1] = S((select(i, ...))) end
  print(table.concat(p, " "))
end
-- X(e, kind): true when e is an aio error of that kind; any other error is re-raised,
-- so a Lua bug or the wrong error kind can never pass for the expected exception.
local function X(e, kind)
  if aio.iserror ~= nil and aio.iserror(e, kind) then return true end
  error(e, 0)
end
-- end of prelude
aio.run(function()
  local c = aio.create_task(function()
    local inner = aio.create_task(function()
      local ok, e = pcall(aio.sleep, 10)
      if not ok and X(e, "CancelledError") then T("inner", "ignores-cancel") end
      aio.sleep(1)
      return 42
    end)
    local ok, r = pcall(aio.wait_for, inner, 100)
    if ok then
      T("caller", "returned", r, "cancelling", aio.current_task():cancelling())
      return r
    end
    X(r, "CancelledError")
    T("caller", "CancelledError", "inner.done", inner:done())
    error(r, 0)
  end)
  aio.sleep(1)
  c:cancel()
  local ok, r = pcall(aio.await, c)
  if ok then T("main", "result", r) elseif X(r, "CancelledError") then T("main", "caller cancelled") end
end)
