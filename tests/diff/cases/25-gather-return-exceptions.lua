-- ports: test_tasks.py GatherTestsBase.test_return_exceptions, FutureGatherTests.test_result_exception_one_cancellation (AIO_SEMANTICS 3 G3, G6)
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
local function ok(d) return function() aio.sleep(d) return d end end
local function bad(d) return function() aio.sleep(d) error(aio.ValueError("bad" .. d)) end end

aio.run(function()
  local victim = aio.create_task(ok(5))
  aio.call_later(1.5, function() victim:cancel() end)
  local r = aio.gather({ ok(1), bad(2), victim, bad(0.5) }, { return_exceptions = true })
  T("main", r)
end)
