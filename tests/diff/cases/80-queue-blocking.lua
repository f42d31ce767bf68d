-- ports: test_queues.py QueueGetTests.test_blocking_get_wait, test_why_are_getters_waiting, test_get_with_putters; QueuePutTests.test_blocking_put_wait, test_why_are_putters_waiting, test_put_with_waiting_getters (AIO_SEMANTICS 13 Q4, Q5)
-- Blocked getters and putters are served FIFO.
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
  local q = aio.Queue(1)
  local gs = {}
  for i = 0, 2 do
    gs[#gs + 1] = aio.create_task(function()
      local v = q:get()
      T("g" .. i, "got", v)
    end)
  end
  aio.sleep(1)
  for _, v in ipairs({ "x", "y", "z" }) do
    q:put(v)
    T("main", "put", v)
  end
  aio.gather(gs)
  q:put("first")
  local ps = {}
  for i = 0, 2 do
    ps[#ps + 1] = aio.create_task(function()
      q:put("p" .. i)
      T("p" .. i, "put")
    end)
  end
  aio.sleep(1)
  local got = {}
  for _ = 1, 4 do
    got[#got + 1] = q:get()
    aio.sleep(0.5)
  end
  aio.gather(ps)
  T("main", got, q:empty())
end)
