-- ports: test_tasks.py CoroutineGatherTests.test_cancellation_broadcast, BaseTaskTests.test_cancel_gather_2 (AIO_SEMANTICS 3 G4)
-- Cancelling the task that awaits gather cancels every unfinished child, even with return_exceptions=True.
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
local function job(name, d)
  return function()
    local ok, e = pcall(aio.sleep, d)
    if ok then
      T(name, "finished")
      return name
    end
    X(e, "CancelledError")
    T(name, "cancelled")
    error(e, 0)
  end
end

aio.run(function()
  local p = aio.create_task(function()
    local ok, r = pcall(aio.gather, { job("a", 1), job("b", 5), job("c", 6) }, { return_exceptions = true })
    if ok then return r end
    X(r, "CancelledError")
    T("parent", "gather raised CancelledError")
    error(r, 0)
  end)
  aio.sleep(2)
  p:cancel()
  local ok, e = pcall(aio.await, p)
  if not ok and X(e, "CancelledError") then T("main", "parent cancelled", p:cancelled()) end
end)
