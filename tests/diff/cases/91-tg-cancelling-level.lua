-- ports: test_taskgroups.py TestTaskGroup.test_cancelling_level_preserved, test_nested_groups_both_cancelled (3.13 tests; AIO_SEMANTICS 7 "cancel counts are kept level")
-- order-independent
-- After a group that failed, the parent's cancelling() is back to its level; nested groups each undo their own cancel.
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
local function raise_after(t, e)
  aio.sleep(t)
  error(e)
end

aio.run(function()
  local me = aio.current_task()
  local ok, eg = pcall(aio.TaskGroup, function(tg)
    tg:create_task(raise_after, 0, aio.RuntimeError("r"))
  end)
  if not ok and X(eg, "ExceptionGroup") then T("main", "first", E(eg), "cancelling", me:cancelling()) end
  ok, eg = pcall(aio.TaskGroup, function(outer_tg)
    local okk, ee = pcall(aio.TaskGroup, function(inner_tg)
      inner_tg:create_task(raise_after, 0, aio.RuntimeError("inner"))
      outer_tg:create_task(raise_after, 0, aio.ValueError("outer"))
    end)
    if not okk and X(ee, "ExceptionGroup") then T("main", "inner", E(ee), "cancelling", me:cancelling()) end
  end)
  if not ok and X(eg, "ExceptionGroup") then T("main", "outer", E(eg), "cancelling", me:cancelling()) end
end)
