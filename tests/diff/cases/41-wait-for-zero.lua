-- ports: test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0, test_wait_for_timeout_less_then_0_or_0_future_done, test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started, test_wait_for_waits_for_task_cancellation_w_timeout_0; WaitForShieldTests.test_zero_timeout (AIO_SEMANTICS 5.1 F3, F6)
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
  for _, to in ipairs({ 0, -1 }) do
    local name = "coro" .. to
    local ok, e = pcall(aio.wait_for, function()
      T(name, "body-ran")
      return name
    end, to)
    if not ok and aio.iserror(e, "TimeoutError") then T("main", "coroutine", to, "TimeoutError") end
  end
  local f = aio.Future()
  f:set_result("ready")
  T("main", "done future", aio.wait_for(f, 0))
  local t = aio.create_task(function()
    local ok, e = pcall(aio.sleep, 10)
    if not ok and X(e, "CancelledError") then
      T("slow", "cancelled")
      aio.sleep(1)
      T("slow", "cleanup-done")
      error(e, 0)
    end
  end)
  aio.sleep(0)
  local ok, e = pcall(aio.wait_for, t, 0)
  if not ok and aio.iserror(e, "TimeoutError") then T("main", "running task", "TimeoutError", t:cancelled()) end
end)
