-- mutant: fails "the producer waits for free slots (done at t = 3)"
-- Exercise 2.5b: a bounded queue between a fast producer and a slow
-- consumer.
local M = {}

-- Producer: put 0 .. n-1 into an aio.Queue(2) as fast as it can, and
-- emit("put <i>") after each put returns. Consumer: n times, sleep 1 s,
-- then get an item and emit("got <i>"). Return when both are done.
function M.belt(n, emit)
  local q = aio.Queue(2)
  local producer = aio.create_task("producer", function()
    for i = 0, n - 1 do
      q:put(i)
      emit("put " .. i)
    end
  end)
  local consumer = aio.create_task("consumer", function()
    for _ = 1, n do
      local x = q:get()            -- takes the item, then works on it
      aio.sleep(1)
      emit("got " .. x)
    end
  end)
  aio.gather({ producer, consumer })
end

return M
