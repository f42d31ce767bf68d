-- mutant: fails "the save completes after the cancel"
-- Exercise 2.2b: finish the save, then stop.
local M = {}

-- save() writes the document (it waits) and returns a result.
-- emit(line) logs one line. Return save's result; if this task is
-- cancelled meanwhile, let the save finish, then end cancelled.
function M.save_then_exit(save, emit)
  -- TODO: a cancel arriving now cuts the save in half.
  return save()
end

return M
