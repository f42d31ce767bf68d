-- ports: test_tasks.py BaseTaskTests.test_wait_first_completed, test_wait_really_done (AIO_SEMANTICS 4 W1)
-- order-independent
-- FIRST_COMPLETED returns when one finishes; done holds every task finished by then; nothing is cancelled.
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
local function job(name, d) aio.sleep(d) return name end
local function names(ts)
  local r = {}
  for _, t in ipairs(ts) do r[#r + 1] = t:result() end
  table.sort(r)
  return r
end

aio.run(function()
  local a, b, c = aio.create_task(job, "a", 3), aio.create_task(job, "b", 1), aio.create_task(job, "c", 2)
  local done, pending = aio.wait({ a, b, c }, { return_when = "FIRST_COMPLETED" })
  T("main", "done", names(done), "pending", #pending)
  -- two finish in the same iteration: both are in done
  local x = aio.create_task(job, "x", 0)
  local y = aio.create_task(job, "y", 0)
  aio.sleep(0)
  done, pending = aio.wait({ x, y, a }, { return_when = "FIRST_COMPLETED" })
  T("main", "done", names(done), "pending", #pending)
  done, pending = aio.wait({ a, c })
  T("main", "all", names(done), a:cancelled())
end)
