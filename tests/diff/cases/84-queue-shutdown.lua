-- ports: test_queues.py _QueueShutdownTestMixin.test_shutdown_empty, test_shutdown_nonempty (3.13 only; AIO_SEMANTICS 13 QS1-QS4, QS7)
-- Pinned to 3.13 in OVERRIDES. shutdown(): puts raise QueueShutDown, gets drain what is left then raise; blocked getters are woken with it.
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
  local g = aio.create_task(function()
    local ok, e = pcall(q.get, q)
    if not ok and X(e, "QueueShutDown") then T("blocked-getter", "QueueShutDown") end
  end)
  aio.sleep(1)
  q:shutdown()
  aio.await(g)
  local ok, e = pcall(q.put, q, 1)
  if not ok and X(e, "QueueShutDown") then T("main", "put", "QueueShutDown") end
  local q2 = aio.Queue(1)
  q2:put_nowait("left")
  local p = aio.create_task(function()
    local okk, ee = pcall(q2.put, q2, "blocked")
    if not okk and X(ee, "QueueShutDown") then T("blocked-putter", "QueueShutDown") end
  end)
  aio.sleep(1)
  q2:shutdown()
  aio.await(p)
  T("main", "drain", q2:get())
  ok, e = pcall(q2.get_nowait, q2)
  if not ok and X(e, "QueueShutDown") then T("main", "get after drain", "QueueShutDown") end
  ok, e = pcall(q2.put_nowait, q2, 2)
  if not ok and X(e, "QueueShutDown") then T("main", "put_nowait", "QueueShutDown") end
end)
