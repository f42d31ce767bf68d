-- ports: test_runners.py RunTests.test_asyncio_run_cancels_hanging_tasks (AIO_SEMANTICS 14 R1)
-- When main returns, run() cancels every task still pending and lets it clean up; their cancellation is silent.
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
local cancelled = {} -- run() cancel order is unspecified, so sorted below
local function hanging(name)
  local ok, e = pcall(aio.sleep, 100)
  if not ok and X(e, "CancelledError") then
    cancelled[#cancelled + 1] = name
    error(e, 0)
  end
end

local r = aio.run(function()
  aio.create_task(hanging, "a")
  aio.create_task(hanging, "b")
  aio.sleep(1)
  T("main", "returns")
  return "main-result"
end)
table.sort(cancelled)
print("run returned " .. tostring(r) .. " cancelled at shutdown " .. S(cancelled))
