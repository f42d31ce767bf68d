-- ports: test_queues.py _QueueJoinTestMixin.test_task_done, test_join_empty_queue, test_task_done_underflow (AIO_SEMANTICS 13 Q6-Q8)
-- order-independent
-- join() returns when every put item has been task_done()'d; too many task_done() raise ValueError.
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
  q:join()
  T("main", "join on empty returns at once")
  local ok, e = pcall(q.task_done, q)
  if not ok and X(e, "ValueError") then T("main", "task_done underflow", "ValueError") end
  for i = 0, 4 do q:put_nowait(i) end
  local sum = 0
  local function worker(name, d)
    while true do
      local v = q:get()
      aio.sleep(d)
      sum = sum + v
      q:task_done()
    end
  end
  local ws = { aio.create_task(worker, "a", 1), aio.create_task(worker, "b", 1.5) }
  q:join()
  T("main", "joined", sum, q:qsize())
  for _, w in ipairs(ws) do w:cancel() end
  aio.gather(ws, { return_exceptions = true })
end)
