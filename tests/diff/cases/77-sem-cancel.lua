-- ports: test_locks.py SemaphoreTests.test_acquire_cancel, test_acquire_cancel_before_awoken, test_acquire_hang (AIO_SEMANTICS 12)
-- A waiter cancelled while waiting is dropped; one woken and cancelled before it runs gives its unit back.
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
  local sem = aio.Semaphore(0)
  local got = {}
  local function waiter(i)
    local ok, e = pcall(sem.acquire, sem)
    if not ok and X(e, "CancelledError") then
      T("w" .. i, "cancelled")
      error(e, 0)
    end
    got[#got + 1] = i
    T("w" .. i, "acquired")
  end
  local ws = {}
  for i = 0, 3 do ws[#ws + 1] = aio.create_task(waiter, i) end
  aio.sleep(1)
  ws[2]:cancel()
  aio.sleep(0)
  sem:release()
  ws[1]:cancel()
  aio.sleep(1)
  sem:release()
  aio.sleep(1)
  local st = {}
  for i, t in ipairs(ws) do st[i] = t:done() end
  T("main", got, st, sem:locked())
  for _, t in ipairs(ws) do t:cancel() end
  aio.gather(ws, { return_exceptions = true })
end)
