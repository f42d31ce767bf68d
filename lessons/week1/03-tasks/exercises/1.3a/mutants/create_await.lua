-- mutant: fails "all 5 requests are in flight at once"
-- Creates each task and awaits it at once: tasks, but no overlap.
local M = {}

function M.fetch_all(net, n)
  local replies = {}
  for i = 1, n do
    replies[i] = aio.create_task("request " .. i, net, i):await()
  end
  return replies
end

return M
