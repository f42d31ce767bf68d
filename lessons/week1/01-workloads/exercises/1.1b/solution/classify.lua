-- Exercise 1.1b: classify a workload, then overlap its waits (reference).
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
  if share < 0.3 then
    return "io"
  elseif share > 0.7 then
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
