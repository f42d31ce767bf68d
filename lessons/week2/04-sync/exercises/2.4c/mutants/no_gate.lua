-- mutant: fails "nobody starts before the gate opens"
-- Exercise 2.4c: a start gate and a finish line, with aio.Event.
local M = {}

-- Start one worker task per name. Each emits "ready <name>", waits at
-- the gate, emits "go <name>", runs work(name), emits "finish <name>".
-- Main opens the gate after `setup` seconds (emit "gate open"), then
-- waits until the LAST worker has finished (emit "all done").
function M.race(names, work, emit, setup)
  -- TODO: no gate: each worker starts as soon as it is created, and
  -- main does not wait for the finish line.
  for _, name in ipairs(names) do
    aio.create_task(name, function()
      emit("ready " .. name)
      emit("go " .. name)
      work(name)
      emit("finish " .. name)
    end)
  end
  aio.sleep(setup)
  emit("gate open")
  emit("all done")
end

return M
