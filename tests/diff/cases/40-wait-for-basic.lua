-- ports: test_waitfor.py AsyncioWaitForTest.test_wait_for, test_asyncio_wait_for_timeout, test_wait_for_waits_for_task_cancellation; WaitForShieldTests.test_none_timeout (AIO_SEMANTICS 5.1 F1)
-- order-independent
-- In time: the result. Too slow: the inner is cancelled, wait_for waits for its cleanup, then TimeoutError.
-- (The __cause__ chain has no Lua equivalent and is not compared.)
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
local function inner(name, d)
  return function()
    local ok, e = pcall(aio.sleep, d)
    if ok then return name end
    X(e, "CancelledError")
    T(name, "cancelled")
    aio.sleep(0.5)
    T(name, "cleanup-done")
    error(e, 0)
  end
end

aio.run(function()
  T("main", "fast", aio.wait_for(inner("a", 1), 2))
  local t = aio.create_task(inner("b", 5))
  local ok, e = pcall(aio.wait_for, t, 1)
  if not ok and aio.iserror(e, "TimeoutError") then
    T("main", "TimeoutError", "cause", "CancelledError", "b.cancelled", t:cancelled())
  end
  T("main", "none", aio.wait_for(inner("c", 3), nil))
end)
