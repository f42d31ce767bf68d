-- ports: test_queues.py QueueBasicTests.test_order (LifoQueue, PriorityQueue) (AIO_SEMANTICS 13 Q10)
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
  local lq = aio.LifoQueue()
  for _, v in ipairs({ 1, 2, 3 }) do lq:put_nowait(v) end
  local l = {}
  for i = 1, 3 do l[i] = lq:get_nowait() end
  T("main", "lifo", l)
  local pq = aio.PriorityQueue()
  for _, p in ipairs({ { 3, "c" }, { 1, "a" }, { 2, "b" }, { 0, "z" } }) do pq:put(p[1], p[2]) end
  local out = {}
  while not pq:empty() do
    local prio, v = pq:get()
    out[#out + 1] = prio .. ":" .. v
  end
  T("main", "priority", out)
end)
