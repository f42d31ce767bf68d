-- Exercise 2.1b: give up after `silence` seconds without a heartbeat.
local M = {}

-- next_beat() waits for the next heartbeat and returns true, or returns
-- nil when the sender closed the stream. emit(line) logs one line.
-- Return "closed" if the stream ended, "silent" if it went quiet.
function M.watch(next_beat, emit, silence)
  -- TODO: this waits forever if the heartbeats stop.
  while true do
    if not next_beat() then return "closed" end
    emit("beat")
  end
end

return M
