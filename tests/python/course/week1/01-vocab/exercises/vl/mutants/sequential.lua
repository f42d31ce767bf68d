-- fails: vtime_call
local M = {}
function M.sum(t)
  local s = 0
  for _, v in ipairs(t) do s = s + v end
  return s
end
function M.worker()
  local ok, err = pcall(aio.sleep, 10)
  print("cleanup")
  if not ok then error(err, 0) end
end
function M.wait3()
  aio.sleep(3)
  aio.sleep(2)
end
function M.hello()
  print("hi")
  print("there")
end
return M
