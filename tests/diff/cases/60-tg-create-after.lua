-- ports: test_taskgroups.py TestTaskGroup.test_taskgroup_finished, test_taskgroup_no_create_task_after_failure (AIO_SEMANTICS 7 TG6)
-- order-independent
-- create_task on a finished group, or while it is shutting down after a failure, raises RuntimeError.
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
local function try_create(who, tg)
  local ok, e = pcall(tg.create_task, tg, function() return 1 end)
  if ok then T(who, "created?!") elseif X(e, "RuntimeError") then T(who, "RuntimeError") end
end

aio.run(function()
  local saved
  aio.TaskGroup(function(tg)
    saved = tg
    tg:create_task(aio.sleep, 1)
  end)
  try_create("finished", saved)
  local ok, eg = pcall(aio.TaskGroup, function(tg2)
    tg2:create_task(function()
      aio.sleep(1)
      error(aio.ValueError("boom"))
    end)
    local okk, e = pcall(aio.sleep, 10)
    if not okk and X(e, "CancelledError") then
      try_create("aborting", tg2)
      error(e, 0)
    end
  end)
  if not ok and X(eg, "ExceptionGroup") then T("main", E(eg)) end
end)
