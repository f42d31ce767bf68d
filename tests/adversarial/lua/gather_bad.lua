-- verdict: RE
-- A gather whose item list is rejected half-way: once a segfault in the
-- worker (INTERNAL); now the error is the student's RE.
local aio = aio or require("aio")
local M = {}
local t = aio.run(function()
  local a = aio.create_task(function() aio.sleep(1) return 1 end)
  return aio.gather({ a, 42, "x" })
end)
return M
