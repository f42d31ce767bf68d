-- ports: test_locks.py ConditionTests.test_cancelled_wakeup (3.13 test; AIO_SEMANTICS 11: a notified waiter that is
-- cancelled before it runs passes the notification on, so no wake-up is lost)
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
  local n = 0
  local function consumer(name)
    return cond:with(function()
      while true do
        cond:wait_for(function() return n ~= 0 end)
        if n < 0 then return name end
        n = n - 1
        T(name, "consumed")
      end
    end)
  end
  local c = { aio.create_task(consumer, "c0"), aio.create_task(consumer, "c1") }
  aio.sleep(0)
  cond:with(function()
    n = n + 1
    cond:notify(1)
    c[1]:cancel()
    local ok, e = pcall(aio.timeout, 0.5, function()
      cond:wait_for(function() return n == 0 end)
    end)
    if not ok and X(e, "TimeoutError") then T("main", "wait_for timed out (nobody notifies main)") end
    T("main", "left", n)
    n = -1
    cond:notify_all()
  end)
  T("main", aio.await(c[2]), c[1]:cancelled())
end)
