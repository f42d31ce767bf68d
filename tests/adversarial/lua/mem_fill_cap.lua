-- verdict: PASS|TLE
-- Fills the 256 MiB cap to the last byte and keeps it all, then lets the
-- checks run: the worker once aborted loading the check library
-- (INTERNAL); the checks now have room of their own.
-- (TLE where filling 256 MiB takes over the 3 s limit: sanitizer builds;
-- never INTERNAL either way.)
local M = { keep = false, f = false }   -- slots made now: no growth later
M.f = function()
  local t = {}
  for _, sz in ipairs({ 1 << 20, 1 << 14, 1 << 10, 64 }) do
    pcall(function() while true do t[#t + 1] = ("x"):rep(sz - 24) .. #t end end)
  end
  pcall(function() while true do t[#t + 1] = {} end end)
  M.keep = t
  return 1
end
M.f()
return M
