-- ports: test_tasks.py GatherTestsBase.test_one_exception, CoroutineGatherTests.test_exception_marking (AIO_SEMANTICS 3 G2)
-- order-independent
-- The first error reaches the awaiter at once; siblings are NOT cancelled and keep running.
-- Later errors are marked retrieved: no "never retrieved" log.
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
local function ok(name, d)
  aio.sleep(d)
  T(name, "finished")
  return name
end
local function bad(name, d)
  aio.sleep(d)
  T(name, "raises")
  error(aio.ValueError(name))
end

aio.run(function()
  local a = aio.create_task(ok, "a", 3)
  local okk, e = pcall(aio.gather, { a, function() return bad("b", 1) end, function() return bad("c", 2) end })
  if not okk and X(e, "ValueError") then T("main", "gather raised", E(e), "a.done", a:done()) end
  aio.sleep(5)
  T("main", "a", a:done(), a:cancelled(), a:result())
end)
