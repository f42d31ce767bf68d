-- ports: test_base_events.py BaseEventLoopTests.test__run_once, test__run_once_schedule_handle (AIO_SEMANTICS 1.1 step 4-5, 1.2 O4)
-- An expired timer is appended after what is already ready: call_soon beats an earlier call_later(0).
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
  local out = {}
  local function add(v) out[#out + 1] = v end
  aio.call_later(0, add, "later0")
  aio.call_soon(add, "soon")
  aio.sleep(0)
  T("main", "first", out)
  aio.sleep(0)
  T("main", "second", out)
  aio.call_later(0.5, add, "half")
  aio.call_later(0.25, add, "quarter")
  aio.sleep(1)
  T("main", "third", out)
end)
