-- ports: test_tasks.py BaseTaskTests.test_task_repr / test_get_set_name style checks, test_taskgroups.py test_taskgroup_task_name; all_tasks()
-- order-independent
-- Default names of created tasks count from Task-2 (Task-1 is run()'s main task); all_tasks() lists pending tasks
-- incl. the current one. The main task's own name is not printed: aio names it "main" on purpose (docs/aio.md).
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
local function has(list, x)
  for _, v in ipairs(list) do if v == x then return true end end
  return false
end

aio.run(function()
  local me = aio.current_task()
  local t = aio.create_task(aio.sleep, 1)
  local u = aio.create_task("named", aio.sleep, 2)
  T("main", "names", t:get_name(), u:get_name())
  T("main", "all_tasks", #aio.all_tasks(), has(aio.all_tasks(), me))
  u:set_name("renamed")
  aio.sleep(1.5)
  T("main", "all_tasks", #aio.all_tasks(), u:get_name(), has(aio.all_tasks(), t))
end)
