-- fails: result
local M = {}
function M.sum(t) return #t end
function M.worker()
  local ok, err = pcall(aio.sleep, 10)
  print("cleanup")
  if not ok then error(err, 0) end
end
return M
