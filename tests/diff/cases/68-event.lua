-- ports: test_locks.py EventTests.test_wait, test_wait_on_set, test_clear, test_clear_with_waiters (AIO_SEMANTICS 10 E1, E2)
-- set() wakes every waiter; clear() before they run does not un-wake them; wait() on a set event returns at once.
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
  local ev = aio.Event()
  local function waiter(i)
    local r = ev:wait()
    T("w" .. i, "woke", r, ev:is_set())
  end
  local ws = {}
  for i = 0, 2 do ws[#ws + 1] = aio.create_task(waiter, i) end
  aio.sleep(1)
  T("main", "set", ev:is_set())
  ev:set()
  ev:clear()
  T("main", "cleared", ev:is_set())
  aio.gather(ws)
  ev:set()
  T("main", "wait-on-set", ev:wait())
  ev:clear()
  local late = aio.create_task(waiter, "late")
  aio.sleep(1)
  T("main", "late-still-waiting", late:done())
  ev:set()
  aio.await(late)
end)
