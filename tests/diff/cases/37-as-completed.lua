-- ports: test_tasks.py BaseTaskTests.test_as_completed (AIO_SEMANTICS 4 as_completed)
-- order-independent
-- Awaitables come out in completion order; the tasks themselves are untouched.
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
  aio.sleep(d)
  if fail then error(aio.ValueError(name)) end
  return name
end

aio.run(function()
  local ts = { aio.create_task(job, "a", 3), aio.create_task(job, "b", 1),
               aio.create_task(job, "c", 2, true), aio.create_task(job, "d", 0.5) }
  for aw in aio.as_completed(ts) do
    local ok, r = pcall(aio.await, aw)
    if ok then T("main", "got", r) elseif X(r, "ValueError") then T("main", "raised", E(r)) end
  end
  local st = {}
  for i, t in ipairs(ts) do st[i] = t:done() end
  T("main", "end", st)
end)
