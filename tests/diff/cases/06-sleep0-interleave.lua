-- ports: test_tasks.py SleepTests.test_sleep_zero (AIO_SEMANTICS 1.2 O2, sleep(0) is a bare yield)
-- Two tasks alternating sleep(0) interleave; a call_soon made before sleep(0) runs before the task resumes.
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
local function worker(name)
  for i = 0, 2 do
    T(name, i)
    aio.sleep(0)
  end
end

aio.run(function()
  local a = aio.create_task(worker, "A")
  local b = aio.create_task(worker, "B")
  aio.gather({ a, b })
  aio.call_soon(T, "cb", "soon")
  aio.sleep(0)
  T("main", "resumed")
end)
