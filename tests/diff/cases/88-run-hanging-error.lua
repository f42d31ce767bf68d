-- ports: test_runners.py RunTests.test_asyncio_run_reports_hanging_tasks_errors (AIO_SEMANTICS 14 R1)
-- A leftover task that fails while being cancelled at shutdown is reported
-- ("unhandled exception during asyncio.run() shutdown"); run() still returns main's result.
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
local r = aio.run(function()
  aio.create_task(function()
    local ok, e = pcall(aio.sleep, 100)
    if not ok and X(e, "CancelledError") then
      T("leftover", "fails during cancel")
      error(aio.ValueError("cleanup failed"))
    end
  end)
  aio.sleep(1)
  return "main-result"
end)
print("run returned " .. tostring(r))
