-- ports: test_locks.py BarrierTests.test_barrier, test_wait_task_multi, test_abort_barrier, test_reset_barrier (AIO_SEMANTICS 12 B1)
-- Each party gets a distinct index; abort() breaks the barrier for waiters; reset() makes it usable again.
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
  local b = aio.Barrier(3)
  local function party(name, d)
    return function()
      aio.sleep(d)
      local i = b:wait()
      T(name, "passed", i)
    end
  end
  aio.gather({ party("a", 1), party("b", 2), party("c", 3) })
  T("main", "parties", b.parties, "waiting", b:n_waiting(), "broken", b:broken())
  local function stuck(name)
    local ok, e = pcall(b.wait, b)
    if not ok and X(e, "BrokenBarrierError") then T(name, "BrokenBarrierError") end
  end
  local ts = { aio.create_task(stuck, "x"), aio.create_task(stuck, "y") }
  aio.sleep(1)
  T("main", "waiting", b:n_waiting())
  b:abort()
  aio.gather(ts)
  T("main", "broken", b:broken())
  b:reset()
  T("main", "reset", b:broken(), b:n_waiting())
end)
