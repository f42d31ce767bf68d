-- mutant: fails "drain shutdown lets the workers finish the queue"
-- Exercise 2.5c: stop workers with queue:shutdown() (Python 3.13).
local M = {}

-- items: a list put into an unbounded aio.Queue before the workers
-- start. Two workers loop: get an item, work(item) (it waits), then
-- emit("done <item>"). After `after` seconds, shut the queue down:
-- q:shutdown() if immediate is false (let the workers drain it),
-- q:shutdown(true) if it is true (drop what is still queued). A worker
-- stops when get() raises QueueShutDown. Return when both have stopped.
function M.run(items, work, emit, after, immediate)
  local q = aio.Queue()
  for _, x in ipairs(items) do q:put_nowait(x) end
  local function worker()
    while true do
      local ok, x = pcall(q.get, q)
      if not ok then
        if aio.iserror(x, "QueueShutDown") then return end
        error(x, 0)
      end
      work(x)
      emit("done " .. tostring(x))
    end
  end
  local ws = { aio.create_task("worker 1", worker),
               aio.create_task("worker 2", worker) }
  aio.sleep(after)
  q:shutdown(true)               -- ignores `immediate`
  aio.gather(ws)
end

return M
