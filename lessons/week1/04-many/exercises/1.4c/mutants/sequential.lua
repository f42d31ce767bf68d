-- mutant: fails "takes as long as the slowest fetch"
local M = {}

function M.report(fetch, names, emit)
  for _, name in ipairs(names) do
    emit(name .. ": " .. fetch(name))
  end
end

return M
