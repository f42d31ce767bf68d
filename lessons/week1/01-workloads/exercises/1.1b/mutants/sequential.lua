-- mutant: fails "run_io: the waits overlap (2, 1, 3 s take 3 s)"
-- A correct classify, but run_io waits for one job after another.
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

function M.run_io(jobs)
  local finished = 0
  for _, job in ipairs(jobs) do
    aio.sleep(job.io)           -- one wait after another: 6 s, not 3 s
    finished = finished + 1
  end
  return finished
end

return M
