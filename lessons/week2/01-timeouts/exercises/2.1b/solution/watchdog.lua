-- Exercise 2.1b: give up after `silence` seconds without a heartbeat.
local M = {}

-- next_beat() waits for the next heartbeat and returns true, or returns
-- nil when the sender closed the stream. emit(line) logs one line.
-- Return "closed" if the stream ended, "silent" if it went quiet.
function M.watch(next_beat, emit, silence)
  local ok, r = pcall(aio.timeout, silence, function(cm)
    while true do
      if not next_beat() then return "closed" end
      emit("beat")
      cm:reschedule(aio.now() + silence)
    end
  end)
  if ok then return r end
  if aio.iserror(r, "TimeoutError") then
    emit("silent")
    return "silent"
  end
  error(r, 0)
end

return M
