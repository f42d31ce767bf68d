-- mutant: fails "the save completes after the cancel"
-- Shielded, but re-raises at once: the task ends before the save does.
local M = {}

function M.save_then_exit(save, emit)
  local inner = aio.create_task("save", save)
  local ok, r = pcall(aio.await, aio.shield(inner))
  if ok then return r end
  emit("cancel received, finishing the save")
  error(r, 0)
end

return M
