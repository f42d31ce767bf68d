-- mutant: fails "reports each result the moment it arrives"
-- Right order (sorted by finish time), but all at the end.
local M = {}

function M.report(fetch, names, emit)
  local finished = {}
  local tasks = {}
  for i, name in ipairs(names) do
    tasks[i] = aio.create_task(name, function()
      local r = fetch(name)
      finished[#finished + 1] = name .. ": " .. r
    end)
  end
  aio.gather(tasks)
  for _, line in ipairs(finished) do emit(line) end
end

return M
