-- mutant: fails "gives up 3 s after the last heartbeat"
-- One deadline for the whole watch: never moved when a beat arrives.
local M = {}

function M.watch(next_beat, emit, silence)
  local ok, r = pcall(aio.timeout, silence, function()
    while true do
      if not next_beat() then return "closed" end
      emit("beat")
    end
  end)
  if ok then return r end
  emit("silent")
  return "silent"
end

return M
