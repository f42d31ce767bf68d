-- Demo 2.4-race: n tasks do `x = counter; await; counter = x + 1`.
-- Without a lock the updates are lost; with the lock they queue up.
local function num(v, d) return tonumber(v) or d end
local n = math.tointeger(num(knobs and knobs.tasks, 10)) or 10
n = math.max(1, math.min(n, 50))
local await_inside = num(knobs and knobs.await_inside, 1) ~= 0
local use_lock = num(knobs and knobs.lock, 0) ~= 0
local sem_size = math.tointeger(num(knobs and knobs.semaphore, 0)) or 0

local function stamp(fmt, ...)
  print(string.format("[%5.2fs] " .. fmt, aio.now(), ...))
end

local counter = 0
local lock = use_lock and aio.Lock and aio.Lock() or nil
local sem = sem_size > 0 and aio.Semaphore and aio.Semaphore(sem_size)
            or nil
local inside, peak = 0, 0

local function critical(i)
  inside = inside + 1
  peak = math.max(peak, inside)
  local x = counter
  if await_inside then aio.sleep(0.1) end
  counter = x + 1
  inside = inside - 1
  if i <= 3 or i == n then stamp("task %d wrote %d", i, counter) end
end

local function body(i)
  if lock then return lock:with(critical, i) end
  if sem then return sem:with(critical, i) end
  return critical(i)
end

aio.run(function()
  if use_lock and not aio.Lock then
    stamp("(aio.Lock is not in this build yet: running without it)")
  end
  stamp("%d tasks, await inside: %s, lock: %s, semaphore: %s", n,
        tostring(await_inside), tostring(lock ~= nil),
        sem and tostring(sem_size) or "none")
  local ts = {}
  for i = 1, n do ts[i] = aio.create_task("task " .. i, body, i) end
  aio.gather(ts)
  stamp("counter = %d (expected %d); at most %d inside at once",
        counter, n, peak)
end)
