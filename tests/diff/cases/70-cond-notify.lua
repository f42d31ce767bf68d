-- ports: test_locks.py ConditionTests.test_wait, test_notify, test_notify_all (AIO_SEMANTICS 11 C1)
-- notify(n) wakes up to n waiters FIFO; each returns from wait() only once it holds the lock again.
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
  local function waiter(i)
    cond:with(function()
      T("w" .. i, "waiting")
      local r = cond:wait()
      T("w" .. i, "woke", r, cond:locked())
      aio.sleep(0.5)
    end)
  end
  local ws = {}
  for i = 0, 4 do ws[#ws + 1] = aio.create_task(waiter, i) end
  aio.sleep(1)
  cond:with(function()
    cond:notify(1)
    T("main", "notified 1")
    aio.sleep(0.25)
  end)
  aio.sleep(1)
  cond:with(function()
    cond:notify(2)
    T("main", "notified 2")
  end)
  aio.sleep(2)
  cond:with(function()
    cond:notify_all()
    T("main", "notified all")
  end)
  aio.gather(ws)
  T("main", "end", cond:locked())
end)
