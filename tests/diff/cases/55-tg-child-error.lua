-- ports: test_taskgroups.py TestTaskGroup.test_cancel_children_on_child_error, test_taskgroup_09, test_taskgroup_10 (AIO_SEMANTICS 7 TG1)
-- The first failure cancels the siblings and the body; the error comes out in an ExceptionGroup, even alone.
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
local function job(name, d, fail)
  local ok, e = pcall(aio.sleep, d)
  if not ok and X(e, "CancelledError") then
    T(name, "cancelled")
    error(e, 0)
  end
  if fail then
    T(name, "raises")
    error(aio.ValueError(name))
  end
  return name
end

aio.run(function()
  local me = aio.current_task()
  local a
  local ok, eg = pcall(aio.TaskGroup, function(tg)
    a = tg:create_task(job, "a", 5)
    tg:create_task(job, "b", 1, true)
    local okk, e = pcall(aio.sleep, 10)
    if not okk and X(e, "CancelledError") then
      T("body", "cancelled", me:cancelling())
      error(e, 0)
    end
  end)
  if not ok and X(eg, "ExceptionGroup") then T("main", E(eg)) end
  T("main", "a", a:cancelled(), "cancelling", me:cancelling())
end)
