-- L4.3 What crosses to a worker process, and what it costs. Functions are
-- always serialised, even under fork; upvalues must be serialisable too.
-- Passing a big table to every task copies it every time; loading it once
-- per worker (an initializer) and sending indices costs a few bytes.
-- Knobs: size (elements of the payload), tasks.
local procs = require("procs")
local K = knobs or {}
local size = math.tointeger(K.size) or 20000
local tasks = math.tointeger(K.tasks) or 8

local pool = procs.Pool(2)

-- 1. what cannot be sent, and where it is
local conn = coroutine.create(function() end)
local handler = function() return conn end
local ok, err = pcall(pool.submit, pool, function(cfg) return cfg end, {handler = handler})
print("closure over a coroutine:", err)
ok, err = pcall(pool.submit, pool, function(x) return x end, {files = {conn}})
print("coroutine in the data:   ", err)
print("a plain function:        ", pool:submit(function(a, b) return a .. b end, "ok", "!"):result())

-- 2. pass-by-value: the payload goes with every task
local payload = {}
for i = 1, size do payload[i] = i end
local before = pool:stats().bytes_sent
local fs = {}
for t = 1, tasks do fs[t] = pool:submit(function(data, t) return #data + t end, payload, t) end
for t = 1, tasks do fs[t]:result() end
local by_value = (pool:stats().bytes_sent - before) // tasks
pool:shutdown()

-- 3. pass-by-key: each worker builds the data once, tasks send an index
local keyed = procs.Pool{processes = 2, initializer = function(n)
  DATA = {}
  for i = 1, n do DATA[i] = i end
end, initargs = {size}}
before = keyed:stats().bytes_sent
fs = {}
for t = 1, tasks do fs[t] = keyed:submit(function(t) return #DATA + t end, t) end
for t = 1, tasks do fs[t]:result() end
local by_key = (keyed:stats().bytes_sent - before) // tasks
keyed:shutdown()
print(("bytes sent per task: by value %d, by key %d"):format(by_value, by_key))

-- 4. fork vs spawn: a fork child sees the script's globals, a spawned one
-- starts fresh and sees only what was sent.
SETTING = "from the parent"
for _, sm in ipairs({"fork", "spawn"}) do
  local p = procs.Pool{processes = 1, start_method = sm}
  print(sm .. ": global SETTING in the child =", p:submit(function() return SETTING end):result())
  p:shutdown()
end
