-- verdict: RE
-- A nap that swallows its cancellation, plus a patched task class whose
-- cancelled() always says true: cancel_ok must see the real state.
local mt
aio.run(function()
  local t = aio.create_task(function() end)
  mt = getmetatable(t)
  aio.gather({ t })
end)
local methods = mt.__index
methods.cancelled = function() return true end
local M = {}
function M.fetch_all(net, n) return {} end
function M.label(n) return n .. " items" end
function M.nap() pcall(aio.sleep, 1) end
return M
