-- Exercise 2.2b: finish the save, then stop.
local M = {}

-- save() writes the document (it waits) and returns a result.
-- emit(line) logs one line. Return save's result; if this task is
-- cancelled meanwhile, let the save finish, then end cancelled.
function M.save_then_exit(save, emit)
  local inner = aio.create_task("save", save)
  local ok, r = pcall(aio.await, aio.shield(inner))
  if ok then return r end
  if aio.iserror(r, "CancelledError") then
    emit("cancel received, finishing the save")
    aio.await(inner)
  end
  error(r, 0)
end

return M
