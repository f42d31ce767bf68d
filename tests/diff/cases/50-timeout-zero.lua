-- ports: test_timeouts.py TimeoutTests.test_timeout_zero, test_timeout_zero_sleep_zero, test_timeout_in_the_past_sleep_zero (AIO_SEMANTICS 6 T4)
-- A zero or past deadline: the body runs synchronously up to its first suspension, TimeoutError comes there.
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
  aio.sleep(1)
  local makers = {
    { "zero", function(fn) return aio.timeout(0, fn) end },
    { "past", function(fn) return aio.timeout_at(aio.now() - 5, fn) end },
  }
  for _, m in ipairs(makers) do
    local label = m[1]
    local ok, e = pcall(m[2], function()
      T("body", label, "runs-sync")
      aio.sleep(0)
      T("body", label, "not-reached")
    end)
    if not ok and aio.iserror(e, "TimeoutError") then T("main", label, "TimeoutError") end
  end
  local ok, e = pcall(aio.timeout, 0, function() T("body", "no-await") end)
  if ok then T("main", "no-await", "no-error") elseif aio.iserror(e, "TimeoutError") then T("main", "no-await", "TimeoutError") end
end)
