-- Exercise 2.4c: a start gate and a finish line, with aio.Event.
local M = {}

-- Start one worker task per name. Each emits "ready <name>", waits at
-- the gate, emits "go <name>", runs work(name), emits "finish <name>".
-- Main opens the gate after `setup` seconds (emit "gate open"), then
-- waits until the LAST worker has finished (emit "all done").
function M.race(names, work, emit, setup)
  local gate, finished = aio.Event(), aio.Event()
  local left = #names
  for _, name in ipairs(names) do
    aio.create_task(name, function()
      emit("ready " .. name)
      gate:wait()
      emit("go " .. name)
      work(name)
      emit("finish " .. name)
      left = left - 1
      if left == 0 then finished:set() end
    end)
  end
  aio.sleep(setup)
  emit("gate open")
  gate:set()
  finished:wait()
  emit("all done")
end

return M
