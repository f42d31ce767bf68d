-- ports: test_queues.py QueueBasicTests.test_empty, test_full, test_order, test_maxsize, QueueGetTests.test_nonblocking_get, test_nonblocking_get_exception, QueuePutTests.test_nonblocking_put, test_nonblocking_put_exception, test_float_maxsize (AIO_SEMANTICS 13 Q1-Q3)
-- order-independent
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
  local q = aio.Queue(2)
  T("main", "maxsize", q.maxsize, "empty", q:empty(), "full", q:full())
  q:put_nowait("a")
  q:put_nowait("b")
  T("main", "qsize", q:qsize(), "full", q:full())
  local ok, e = pcall(q.put_nowait, q, "c")
  if not ok and X(e, "QueueFull") then T("main", "put_nowait", "QueueFull") end
  local x = q:get_nowait()
  local y = q:get_nowait()
  T("main", "get", x, y)
  ok, e = pcall(q.get_nowait, q)
  if not ok and X(e, "QueueEmpty") then T("main", "get_nowait", "QueueEmpty") end
  local u = aio.Queue()
  for i = 0, 99 do u:put_nowait(i) end
  T("main", "unbounded", u:qsize(), u:full(), u.maxsize)
  local f = aio.Queue(1.3)
  f:put_nowait(1)
  f:put_nowait(2)
  T("main", "float maxsize 1.3 holds", f:qsize(), f:full())
end)
