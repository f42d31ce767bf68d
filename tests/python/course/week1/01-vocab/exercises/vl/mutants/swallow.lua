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
function M.wait3()
  aio.gather({ aio.create_task(aio.sleep, 3), aio.create_task(aio.sleep, 2) })
end
function M.hello()
  print("hi")
  print("there")
end
return M
