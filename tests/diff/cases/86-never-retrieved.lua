-- ports: test_tasks.py BaseTaskTests.test_log_traceback; test_futures.py BaseFutureTests.test_tb_logger_exception_unretrieved, test_tb_logger_exception_retrieved, test_future_exception_never_retrieved (AIO_SEMANTICS 14)
-- A failed task whose error nobody looks at is reported once ("Task exception was never retrieved");
-- one whose exception() was read, or that was awaited, is not.
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
local function fails(name)
  aio.sleep(1)
  error(aio.ValueError(name))
end

aio.run(function()
  aio.create_task(fails, "ignored")
  local seen = aio.create_task(fails, "seen")
  local awaited = aio.create_task(fails, "awaited")
  aio.sleep(2)
  T("main", "seen", E(seen:exception()))
  local ok, e = pcall(aio.await, awaited)
  if not ok and X(e, "ValueError") then T("main", "awaited", E(e)) end
end)
