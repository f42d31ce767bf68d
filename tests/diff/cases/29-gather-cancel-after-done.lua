-- ports: test_tasks.py BaseTaskTests.test_cancel_gather_1 (AIO_SEMANTICS 3 G9)
-- order-independent
-- Once gather has raised, cancelling it returns False and cancels nothing.
-- (aio.gather suspends its caller, so the gather is run in a task and that task's cancel is the probe.)
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
  local sib = aio.create_task(function()
    aio.sleep(3)
    T("ok", "finished")
    return 3
  end)
  local g = aio.create_task(function()
    return aio.gather({ sib, function() aio.sleep(1) error(aio.ValueError("boom")) end })
  end)
  local ok, e = pcall(aio.await, g)
  if not ok then T("main", "raised", E(e)) end
  T("main", "g.cancel()", g:cancel(), "sib.done", sib:done())
  aio.sleep(3)
  T("main", "sib", sib:cancelled(), sib:result())
end)
