-- ports: test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_result, test_callbacks_invoked_on_set_exception, test_remove_done_callback
-- Done callbacks run via call_soon in registration order, not inside set_result; removed ones never run.
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
  local f = aio.Future()
  local function cb(tag)
    return function(fut) T("cb", tag, fut:result()) end
  end
  local a, b, c = cb("a"), cb("b"), cb("c")
  f:add_done_callback(a)
  f:add_done_callback(b)
  f:add_done_callback(c)
  f:remove_done_callback(b)
  f:set_result(7)
  T("main", "after-set")
  aio.sleep(0)
  T("main", "after-yield")
  local g = aio.Future()
  g:add_done_callback(function(fut) T("cb", "exc", fut:exception()) end)
  g:set_exception(aio.ValueError("boom"))
  aio.sleep(0)
  -- a callback added to a done future is scheduled at once
  f:add_done_callback(cb("late"))
  T("main", "added-late")
  aio.sleep(0)
  local t = aio.create_task(function()
    aio.sleep(1)
    return "job-result"
  end)
  t:add_done_callback(function(task) T("cb", "task", task:result()) end)
  aio.await(t)
  T("main", "awaited-task")
  aio.sleep(0)
  T("main", "end")
end)
