-- ports: test_tasks.py BaseTaskTests.test_wait, test_wait_with_exception, test_wait_with_iterator_of_tasks (AIO_SEMANTICS 4)
-- order-independent
-- ALL_COMPLETED: returns when all are done; errors stay inside the tasks. (aio returns lists in input order; sets sorted here.)
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
  T(name, "finished")
  if fail then error(aio.ValueError(name)) end
  return name
end

aio.run(function()
  local ts = { aio.create_task(job, "a", 2), aio.create_task(job, "b", 1, true), aio.create_task(job, "c", 3) }
  local done, pending = aio.wait(ts)
  T("main", "done", #done, "pending", #pending)
  local out = {}
  for _, t in ipairs(done) do
    if t:exception() then out[#out + 1] = E(t:exception()) else out[#out + 1] = t:result() end
  end
  T("main", out)
end)
