-- ports: test_waitfor.py AsyncioWaitForTest.test_wait_for_race_condition, test_wait_for_cancellation_race_condition, test_wait_for_blocking
-- A result that arrives before, or in the same tick as, the deadline (timer scheduled before or after wait_for's own).
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
local function attempt(label, fut_delay, schedule_first)
  local fut = aio.Future()
  local aw
  if schedule_first then
    aio.call_later(fut_delay, function() fut:set_result(label) end)
    aw = function() return aio.wait_for(fut, 1) end
  else
    local t = aio.create_task(function() return aio.wait_for(fut, 1) end)
    aio.sleep(0)
    aio.call_later(fut_delay, function() fut:set_result(label) end)
    aw = function() return aio.await(t) end
  end
  local ok, r = pcall(aw)
  if ok then T("main", label, "result", r) elseif X(r, "TimeoutError") then T("main", label, "TimeoutError", fut:cancelled()) end
end

aio.run(function()
  attempt("early", 0.5, true)
  attempt("same-tick-first", 1, true)
  attempt("same-tick-after", 1, false)
  local done = aio.Future()
  done:set_result("already")
  T("main", "done-future", aio.wait_for(done, 1))
end)
