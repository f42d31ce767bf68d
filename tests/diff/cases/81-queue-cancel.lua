-- ports: test_queues.py QueueGetTests.test_get_cancelled_race, test_cancelled_getters_not_being_held_in_self_getters; QueuePutTests.test_get_cancel_drop_one_pending_reader, test_put_cancel_drop, test_cancelled_puts_not_being_held_in_self_putters, test_put_cancelled (AIO_SEMANTICS 13 Q9)
-- A cancelled getter loses no item (the next getter gets it); a cancelled putter's item is never added.
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
  local q = aio.Queue()
  local function getter(name)
    local ok, v = pcall(q.get, q)
    if ok then T(name, "got", v) return end
    X(v, "CancelledError")
    T(name, "cancelled")
    error(v, 0)
  end
  local g1 = aio.create_task(getter, "g1")
  local g2 = aio.create_task(getter, "g2")
  aio.sleep(1)
  q:put_nowait("item")
  g1:cancel()
  aio.gather({ g1, g2 }, { return_exceptions = true })
  T("main", "qsize", q:qsize())
  local b = aio.Queue(1)
  b:put_nowait("full")
  local function putter(v)
    b:put(v)
    T("putter", "put", v)
  end
  local p1 = aio.create_task(putter, "dropped")
  local p2 = aio.create_task(putter, "kept")
  aio.sleep(1)
  p1:cancel()
  aio.sleep(0)
  T("main", "got", b:get_nowait())
  aio.sleep(0)
  local v = b:get_nowait()
  T("main", "got", v, "left", b:qsize(), p1:cancelled())
  aio.await(p2)
end)
