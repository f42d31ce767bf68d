-- ports: test_locks.py SemaphoreTests.test_initial_value_zero, test_release_not_acquired, test_release_no_waiters, test_semaphore_value (AIO_SEMANTICS 12 S2, S3, S5)
-- order-independent
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
  local ok, e = pcall(aio.Semaphore, -1)
  if not ok and X(e, "ValueError") then T("main", "negative", "ValueError") end
  local zero = aio.Semaphore(0)
  T("main", "zero locked", zero:locked())
  local s = aio.Semaphore(1)
  s:release()
  s:release()
  local got = 0
  while not s:locked() do
    s:acquire()
    got = got + 1
  end
  T("main", "plain semaphore over-released, acquired", got)
  local b = aio.BoundedSemaphore(1)
  b:acquire()
  b:release()
  ok, e = pcall(b.release, b)
  if not ok and X(e, "ValueError") then T("main", "bounded over-release", "ValueError") end
end)
