-- ports: test_tasks.py BaseTaskTests.test_uncancel_structured_blocks (AIO_SEMANTICS 2 cancelling/uncancel)
-- order-independent
-- A hand-made timeout: cancel() on expiry, uncancel() at the block end; only "my" cancel becomes TimeoutError.
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
local function with_timeout(name, delay, work, foreign_at)
  local task = aio.current_task()
  local timed_out = false
  local h = aio.call_later(delay, function()
    timed_out = true
    task:cancel()
  end)
  if foreign_at ~= nil then aio.call_later(foreign_at, function() task:cancel() end) end
  local ok, e = pcall(aio.sleep, work)
  h:cancel()
  if ok then
    T(name, "finished-in-time")
    return "ok"
  end
  X(e, "CancelledError")
  local left
  if timed_out then left = task:uncancel() else left = task:cancelling() end
  T(name, "cancelled", "timed_out", timed_out, "left", left)
  if timed_out and left == 0 then
    T(name, "-> TimeoutError")
    return "timeout"
  end
  T(name, "-> CancelledError")
  error(e, 0)
end

aio.run(function()
  for _, p in ipairs({ { "fast", 2, 1 }, { "slow", 1, 2 }, { "both", 1, 3, 1 } }) do
    local t = aio.create_task(with_timeout, p[1], p[2], p[3], p[4])
    local ok, r = pcall(aio.await, t)
    if ok then T("main", p[1], r, t:cancelling()) elseif X(r, "CancelledError") then T("main", p[1], "cancelled", t:cancelled()) end
  end
end)
