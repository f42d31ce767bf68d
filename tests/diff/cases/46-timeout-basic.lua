-- ports: test_timeouts.py TimeoutTests.test_timeout_basic, test_timeout_not_called, test_outer_task_is_not_cancelled, test_timeout_expired (AIO_SEMANTICS 6 T1)
-- order-independent
-- Expiry cancels the body and surfaces as TimeoutError at the block; afterwards the task is not cancelled.
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
  local me = aio.current_task()
  local cm
  local ok, e = pcall(aio.timeout, 1, function(c)
    cm = c
    T("body", "start")
    aio.sleep(10)
    T("body", "not-reached")
  end)
  if not ok and aio.iserror(e, "TimeoutError") then
    T("main", "TimeoutError", "expired", cm:expired(), "cancelling", me:cancelling())
  end
  local cm2
  aio.timeout(10, function(c)
    cm2 = c
    aio.sleep(1)
  end)
  T("main", "in-time", "expired", cm2:expired())
  local r = aio.timeout(5, function() return aio.sleep(1, "value") end)
  T("main", "value", r)
  aio.sleep(1)
  T("main", "still-running", me:cancelled(), me:cancelling())
end)
