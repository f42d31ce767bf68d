-- ports: test_tasks.py BaseTaskTests (result()/exception() states); test_futures.py InvalidStateError on a pending future (AIO_SEMANTICS 2 last row)
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
local function attempt(name, fn)
  local ok, v = pcall(fn)
  if ok then T(name, "value", v) else T(name, "raises", type(v) == "table" and v.type or "lua-error") end
end

aio.run(function()
  local a = aio.create_task(function() aio.sleep(1) return "fine" end)
  local b = aio.create_task(function() aio.sleep(1) error(aio.ValueError("boom")) end)
  local c = aio.create_task(function() aio.sleep(1) return "fine" end)
  attempt("pending-result", function() return a:result() end)
  attempt("pending-exception", function() return a:exception() end)
  c:cancel()
  aio.sleep(2)
  attempt("ok-result", function() return a:result() end)
  attempt("ok-exception", function() return a:exception() end)
  attempt("bad-exception", function() return E(b:exception()) end)
  attempt("bad-result", function() return b:result() end)
  attempt("cancelled-result", function() return c:result() end)
  attempt("cancelled-exception", function() return c:exception() end)
  T("main", a:done(), b:done(), c:done(), a:cancelled(), b:cancelled(), c:cancelled())
  T("main", a:cancel(), b:cancel(), c:cancel())
end)
