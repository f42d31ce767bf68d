-- mutant: fails "save_then_exit still ends cancelled"
local M = {}

function M.save_then_exit(save, emit)
  local inner = aio.create_task("save", save)
  local ok, r = pcall(aio.await, aio.shield(inner))
  if ok then return r end
  emit("cancel received, finishing the save")
  return aio.await(inner)          -- finishes normally: not cancelled
end

return M
