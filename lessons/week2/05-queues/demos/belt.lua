-- Demo 2.5-belt: producers, a bounded queue, consumers. Producers block
-- when the belt is full; the depth is printed every time it changes.
local function num(v, d) return tonumber(v) or d end
local np = math.max(1, math.tointeger(num(knobs and knobs.producers, 1)) or 1)
local nc = math.max(1, math.tointeger(num(knobs and knobs.consumers, 2)) or 2)
local maxsize = math.max(0, math.tointeger(num(knobs and knobs.maxsize, 3)) or 3)
local service = num(knobs and knobs.service, 1)
local stop = math.tointeger(num(knobs and knobs.stop, 1)) or 1  -- 1 sentinel, 2 cancel, 3 shutdown
local ITEMS = 8

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

aio.run(function()
  local q = aio.Queue(maxsize)
  stamp("%d producer(s), %d consumer(s), maxsize %d, service %.1f s",
        np, nc, maxsize, service)
  local producers, consumers = {}, {}
  for p = 1, np do
    producers[p] = aio.create_task("producer " .. p, function()
      for i = 1, ITEMS do
        local item = p * 100 + i
        if q:full() then stamp("producer %d blocks (belt full)", p) end
        q:put(item)
        stamp("producer %d put %d  depth %d", p, item, q:qsize())
        aio.sleep(0.2)
      end
    end)
  end
  for c = 1, nc do
    consumers[c] = aio.create_task("consumer " .. c, function()
      while true do
        local ok, item = pcall(q.get, q)
        if not ok then
          stamp("consumer %d stops: %s", c, tostring(item))
          return
        end
        if item == nil then stamp("consumer %d got the sentinel", c) return end
        aio.sleep(service)
        stamp("consumer %d done %d  depth %d", c, item, q:qsize())
        q:task_done()
      end
    end)
  end
  aio.gather(producers)
  stamp("producers done; stop strategy %d", stop)
  if stop == 1 then
    for _ = 1, nc do q:put(nil) end
  elseif stop == 2 then
    q:join()
    for _, c in ipairs(consumers) do c:cancel() end
  else
    q:shutdown()
  end
  aio.gather(consumers, { return_exceptions = true })
  stamp("all consumers stopped")
end)
