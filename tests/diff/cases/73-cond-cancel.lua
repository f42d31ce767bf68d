-- ports: test_locks.py ConditionTests.test_wait_cancel, test_wait_cancel_contested, test_wait_cancel_after_notify (AIO_SEMANTICS 11 C4)
-- A cancelled wait() re-acquires the lock before the CancelledError reaches the handler.
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
  local cond = aio.Condition()
  local w = aio.create_task(function()
    cond:with(function()
      local ok, e = pcall(cond.wait, cond)
      if not ok and X(e, "CancelledError") then
        T("waiter", "cancelled", "holds lock", cond:locked())
        error(e, 0)
      end
    end)
  end)
  aio.sleep(1)
  cond:acquire()
  w:cancel()
  aio.sleep(1)
  T("main", "still holding", w:done())
  cond:release()
  local ok, e = pcall(aio.await, w)
  if not ok and X(e, "CancelledError") then T("main", "waiter cancelled", w:cancelled(), cond:locked()) end
end)
