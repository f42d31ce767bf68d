-- ports: test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate, test_shutdown_immediate_with_unfinished (3.13 only; AIO_SEMANTICS 13 QS5, QS6)
-- Pinned to 3.13 in OVERRIDES. shutdown(immediate=True) empties the queue, drops the unfinished count by the
-- number of items removed (items already taken still need task_done) and releases join() at zero.
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
  for i = 0, 3 do q:put_nowait(i) end
  local taken = q:get()
  local j = aio.create_task(function()
    q:join()
    T("joiner", "released")
  end)
  aio.sleep(1)
  q:shutdown(true)
  T("main", "after shutdown", q:qsize(), q:empty(), j:done())
  local ok, e = pcall(q.get, q)
  if not ok and X(e, "QueueShutDown") then T("main", "get", "QueueShutDown") end
  aio.sleep(1)
  T("main", "joiner still waiting for the taken item", not j:done(), taken)
  q:task_done()
  aio.await(j)
end)
