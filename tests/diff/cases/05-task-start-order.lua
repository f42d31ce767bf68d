-- ports: AIO_SEMANTICS 1.2 O3 "task start" and 3 G10; test_tasks.py CoroutineGatherTests (children start in argument order)
-- Tasks start in creation order, and only after the creator yields.
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
local function child(name, d)
  T(name, "start")
  aio.sleep(d)
  T(name, "end")
  return name
end

aio.run(function()
  local a = aio.create_task(child, "a", 2)
  local b = aio.create_task(child, "b", 1)
  T("main", "creator-continues")
  aio.sleep(0)
  T("main", "after-yield")
  local r = aio.gather({ function() return child("g1", 0.5) end, function() return child("g2", 0.25) end, a, b })
  T("main", r)
end)
