-- ports: test_taskgroups.py TestTaskGroup.test_cancellation, test_taskgroup_11, test_taskgroup_12 (AIO_SEMANTICS 7 TG4)
-- order-independent
-- The parent cancelled from outside: children are cancelled, a plain CancelledError comes out (no group).
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
local done = {} -- cancelled children; TaskGroup cancel order is unspecified, so sorted below
local function child(name)
  local ok, e = pcall(aio.sleep, 10)
  if not ok and X(e, "CancelledError") then
    done[#done + 1] = name
    error(e, 0)
  end
end

aio.run(function()
  local p = aio.create_task(function()
    local ok, e = pcall(aio.TaskGroup, function(tg)
      tg:create_task(child, "a")
      tg:create_task(child, "b")
      aio.sleep(10)
    end)
    if not ok then
      if aio.iserror(e, "ExceptionGroup") then T("parent", "ExceptionGroup?!") return end
      X(e, "CancelledError")
      table.sort(done)
      T("parent", "CancelledError", aio.current_task():cancelling(), done)
      error(e, 0)
    end
  end)
  aio.sleep(1)
  p:cancel()
  local ok, e = pcall(aio.await, p)
  if not ok and X(e, "CancelledError") then T("main", "parent cancelled", p:cancelled()) end
end)
