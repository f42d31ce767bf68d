-- ports: test_waitfor.py AsyncioWaitForTest.test_wait_for_cancel_suppressed (3.12+, 3.11 agrees), test_wait_for_reraises_exception_during_cancellation (AIO_SEMANTICS 5.1 F4, F7)
-- order-independent
-- An inner that swallows the cancel and returns: wait_for returns that value, no TimeoutError.
-- An inner that raises something else while cancelled: that error propagates.
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
  local t1 = aio.create_task(function()
    local ok, e = pcall(aio.sleep, 10)
    if not ok and X(e, "CancelledError") then
      T("swallow", "cancelled")
      aio.sleep(0.5)
      return "kept"
    end
  end)
  local ok, r = pcall(aio.wait_for, t1, 1)
  if ok then T("main", "returned", r) elseif aio.iserror(r, "TimeoutError") then T("main", "TimeoutError") end
  local t2 = aio.create_task(function()
    local okk, e = pcall(aio.sleep, 10)
    if not okk and X(e, "CancelledError") then
      T("reraise", "cancelled")
      error(aio.ValueError("during-cancel"))
    end
  end)
  ok, r = pcall(aio.wait_for, t2, 1)
  if aio.iserror(r, "TimeoutError") then T("main", "TimeoutError") elseif X(r, "ValueError") then T("main", "raised", E(r)) end
end)
