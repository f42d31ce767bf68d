-- mutant: fails "classify: shares of exactly 0.3 and 0.7 are mixed"
-- classify puts the 0.3 and 0.7 edges in "io" and "cpu", not "mixed".
local M = {}

function M.classify(jobs)
  local io, cpu = 0, 0
  for _, job in ipairs(jobs) do
    io = io + job.io
    cpu = cpu + job.cpu
  end
  local total = io + cpu
  if total == 0 then
    return "io"               -- nothing to compute: nothing for a core
  end
  local share = cpu / total
  if share <= 0.3 then        -- off by the edge
    return "io"
  elseif share >= 0.7 then     -- off by the edge
    return "cpu"
  else
    return "mixed"            -- 0.3 <= share <= 0.7, edges included
  end
end

local function wait_one(job)
  aio.sleep(job.io)
  return true
end

function M.run_io(jobs)
  local tasks = {}
  for i, job in ipairs(jobs) do
    tasks[i] = aio.create_task("job " .. i, wait_one, job)
  end
  local results = aio.gather(tasks)   -- all waits in flight at once
  local finished = 0
  for i = 1, #tasks do
    if results[i] then finished = finished + 1 end
  end
  return finished
end

return M
