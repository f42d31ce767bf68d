-- ports: test_tasks.py BaseTaskTests.test_cancel_inner_future, test_cancel_both_task_and_inner_future (AIO_SEMANTICS 1.3, 2)
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
local function wait_on(name, f)
  local ok, e = pcall(aio.await, f)
  if ok then return "done" end
  X(e, "CancelledError")
  T(name, "cancelled-at-await")
  error(e, 0)
end

aio.run(function()
  -- the future a task waits on is cancelled -> the task is cancelled
  local f1 = aio.Future()
  local t1 = aio.create_task(wait_on, "t1", f1)
  -- cancelling the task cancels the future it waits on
  local f2 = aio.Future()
  local t2 = aio.create_task(wait_on, "t2", f2)
  -- both cancelled
  local f3 = aio.Future()
  local t3 = aio.create_task(wait_on, "t3", f3)
  aio.sleep(1)
  f1:cancel()
  t2:cancel()
  t3:cancel()
  f3:cancel()
  for _, p in ipairs({ { "t1", t1, f1 }, { "t2", t2, f2 }, { "t3", t3, f3 } }) do
    local ok, e = pcall(aio.await, p[2])
    if not ok then X(e, "CancelledError") end
    T("main", p[1], p[2]:cancelled(), p[3]:cancelled())
  end
end)
