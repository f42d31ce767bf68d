-- ports: test_taskgroups.py TestTaskGroup.test_error_and_cancel (3.13 test; AIO_SEMANTICS 7 "the parent is cancelled from outside ... errors win")
-- A child error and an outside cancel at once: the group raises the errors, the outside cancel stays pending
-- (cancelling() == 1) and hits the next await.
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
  local event = aio.Event()
  local t = aio.create_task(function()
    local me = aio.current_task()
    local ok, eg = pcall(aio.TaskGroup, function(tg)
      tg:create_task(function()
        event:set()
        aio.sleep(0)
        error(aio.RuntimeError("child"))
      end)
      aio.sleep(1)
      T("inner", "not-reached")
    end)
    if not ok and X(eg, "ExceptionGroup") then T("inner", E(eg), "cancelling", me:cancelling()) end
    local okk, e = pcall(aio.sleep, 1)
    if okk then T("inner", "not-reached-2") return end
    X(e, "CancelledError")
    T("inner", "next await cancelled")
    error(e, 0)
  end)
  event:wait()
  T("main", "cancelling before", t:cancelling())
  t:cancel()
  T("main", "cancelling after", t:cancelling())
  local ok, e = pcall(aio.await, t)
  if not ok and X(e, "CancelledError") then T("main", "inner cancelled", t:cancelled()) end
end)
