-- ports: test_locks.py SemaphoreTests.test_acquire, test_acquire_fifo_order, test_acquire_fifo_order_2, test_acquire_fifo_order_3, test_acquire_no_hang (AIO_SEMANTICS 12 S6)
-- Waiters are served FIFO with no barging: locked() is true while anyone waits.
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
  local sem = aio.Semaphore(1)
  local order = {}
  local function worker(i)
    local r = sem:acquire()
    order[#order + 1] = i
    T("w" .. i, "acquired", r)
    aio.sleep(1)
    sem:release()
  end
  T("main", "acquire", sem:acquire(), sem:locked())
  local ws = {}
  for i = 0, 3 do ws[#ws + 1] = aio.create_task(worker, i) end
  aio.sleep(1)
  sem:release()
  T("main", "released", sem:locked())
  ws[#ws + 1] = aio.create_task(worker, "late")
  aio.gather(ws)
  T("main", order, sem:locked())
end)
