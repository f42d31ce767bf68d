-- ports: test_tasks.py BaseTaskTests.test_as_completed_concurrent, test_as_completed_reverse_wait
-- Several finishing in one iteration all come out; the awaitables can be taken first and awaited in any order
-- (the first one awaited gets the first result).
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
  local a = aio.create_task(function() return aio.sleep(1, "a") end)
  local b = aio.create_task(function() return aio.sleep(1, "b") end)
  local got = {}
  for aw in aio.as_completed({ a, b }) do got[#got + 1] = aio.await(aw) end
  table.sort(got)
  T("main", "concurrent", got)
  local c = aio.create_task(function() return aio.sleep(1, "c") end)
  local d = aio.create_task(function() return aio.sleep(2, "d") end)
  local aws = {}
  for aw in aio.as_completed({ c, d }) do aws[#aws + 1] = aw end
  T("main", "taken", #aws)
  T("main", "second-awaited-first", aio.await(aws[2]))
  T("main", "then-first", aio.await(aws[1]))
end)
