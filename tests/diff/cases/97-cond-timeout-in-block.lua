-- ports: test_locks.py ConditionTests.test_timeout_in_block, test_wait_cancel_contested (AIO_SEMANTICS 11 C4)
-- order-independent
-- wait() interrupted by a timeout still re-acquires the lock before TimeoutError reaches the block.
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
  cond:with(function()
    local ok, e = pcall(aio.wait_for, function() return cond:wait() end, 0.5)
    if not ok and X(e, "TimeoutError") then T("main", "TimeoutError", "holds lock", cond:locked()) end
    ok, e = pcall(aio.timeout, 0.5, function() cond:wait() end)
    if not ok and X(e, "TimeoutError") then T("main", "TimeoutError", "holds lock", cond:locked()) end
  end)
  T("main", "released", cond:locked())
end)
