-- mutant: fails "a closed stream is not reported as silent"
-- Treats every error, including "stream closed" handling, as silence.
local M = {}

function M.watch(next_beat, emit, silence)
  while true do
    local ok, r = pcall(aio.wait_for, next_beat, silence)
    if not ok or not r then
      emit("silent")
      return "silent"
    end
    emit("beat")
  end
end

return M
