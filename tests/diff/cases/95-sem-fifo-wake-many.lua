-- ports: test_locks.py SemaphoreTests.test_acquire_fifo_order_4 (3.13 test; AIO_SEMANTICS 12: 3.13 re-wakes further waiters while value > 0)
-- Three releases wake three queued tasks; a task created by the first woken one runs after them (no barging).
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
  local sem = aio.Semaphore(0)
  local result = {}
  local t4
  local t1 = aio.create_task(function()
    sem:acquire()
    t4 = aio.create_task(function() result[#result + 1] = 4 end)
    result[#result + 1] = 1
  end)
  local t2 = aio.create_task(function()
    sem:release()
    sem:release()
    sem:release()
    T("c2", "locked after 3 releases", sem:locked())
    sem:acquire()
    result[#result + 1] = 2
  end)
  local t3 = aio.create_task(function()
    sem:acquire()
    result[#result + 1] = 3
  end)
  aio.gather({ t1, t2, t3 })
  aio.await(t4)
  T("main", result)
end)
