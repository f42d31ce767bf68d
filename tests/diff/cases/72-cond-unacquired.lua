-- ports: test_locks.py ConditionTests.test_wait_unacquired, test_wait_for_unacquired, test_notify_unacquired (AIO_SEMANTICS 11 C3)
-- order-independent
-- (a predicate that is already true returns before the lock is checked, as in test_wait_for_unacquired)
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
  local cond = aio.Condition()
  local calls = {
    { "wait", function() return cond:wait() end },
    { "wait_for-true", function() return cond:wait_for(function() return true end) end },
    { "wait_for-false", function() return cond:wait_for(function() return false end) end },
    { "notify", function() return cond:notify() end },
    { "notify_all", function() return cond:notify_all() end },
  }
  for _, c in ipairs(calls) do
    local ok, e = pcall(c[2])
    if ok then T("main", c[1], "no-error") elseif X(e, "RuntimeError") then T("main", c[1], "RuntimeError") end
  end
end)
