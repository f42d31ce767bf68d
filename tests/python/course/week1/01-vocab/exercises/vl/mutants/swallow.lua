-- fails: cancel_ok
local M = {}
function M.sum(t)
  local s = 0
  for _, v in ipairs(t) do s = s + v end
  return s
end
function M.worker()
  pcall(aio.sleep, 10)
  print("cleanup")
  return "done anyway"
end
return M
