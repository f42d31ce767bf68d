-- mutant: fails "all done comes right after the last finish"
-- Sets the finish event when the FIRST worker is done.
local M = {}

function M.race(names, work, emit, setup)
  local gate, finished = aio.Event(), aio.Event()
  for _, name in ipairs(names) do
    aio.create_task(name, function()
      emit("ready " .. name)
      gate:wait()
      emit("go " .. name)
      work(name)
      emit("finish " .. name)
      finished:set()
    end)
  end
  aio.sleep(setup)
  emit("gate open")
  gate:set()
  finished:wait()
  emit("all done")
end

return M
