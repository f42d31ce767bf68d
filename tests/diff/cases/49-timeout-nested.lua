-- ports: test_timeouts.py TimeoutTests.test_nested_timeouts, test_nested_timeouts_concurrent, test_nested_timeouts_loop_busy (AIO_SEMANTICS 6 T3)
-- order-independent
-- Only the timeout that expired converts; the other one is untouched and may expire later.
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
  local outer, inner
  local ok, e = pcall(aio.timeout, 2, function(o)
    outer = o
    local okk, ee = pcall(aio.timeout, 1, function(i)
      inner = i
      aio.sleep(10)
    end)
    if not okk and aio.iserror(ee, "TimeoutError") then
      T("main", "inner TimeoutError", inner:expired(), outer:expired())
    end
    aio.sleep(10)
  end)
  if not ok and aio.iserror(e, "TimeoutError") then
    T("main", "outer TimeoutError", inner:expired(), outer:expired())
  end
  -- outer shorter than inner: the inner one passes the cancel through
  ok, e = pcall(aio.timeout, 1, function(o)
    outer = o
    local okk, ee = pcall(aio.timeout, 5, function(i)
      inner = i
      aio.sleep(10)
    end)
    if not okk then
      if aio.iserror(ee, "TimeoutError") then T("main", "inner converted?!") end
      if aio.iserror(ee, "CancelledError") then T("main", "inner passes CancelledError", inner:expired()) end
      error(ee, 0)
    end
  end)
  if not ok and aio.iserror(e, "TimeoutError") then
    T("main", "outer TimeoutError", outer:expired(), aio.current_task():cancelling())
  end
end)
