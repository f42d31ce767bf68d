-- SPDX-License-Identifier: MIT
-- engine/lua/aio/queue.lua -- Queue, PriorityQueue, LifoQueue: CPython's
-- asyncio/queues.py (3.13, with shutdown) on aio futures. Items live in a
-- head/tail indexed table (FIFO), an array (LIFO) or a binary heap keyed
-- by (priority, insertion order), so equal priorities come out FIFO.
local aio, P = ...
local Future = aio.Future
local trace, deque, raise, name_of = P.trace, P.deque, P.raise, P.name_of
local setmetatable, error, pcall, type = setmetatable, error, pcall, type

local Queue = {}

-- Storage strategies: init, put, get, size.
local fifo = {
  init = function(q) q._items = { h = 1, t = 0 } end,
  put = function(q, v) local it = q._items; it.t = it.t + 1; it[it.t] = v end,
  get = function(q)
    local it = q._items
    local v = it[it.h]; it[it.h] = nil; it.h = it.h + 1
    return v
  end,
  size = function(q) return q._items.t - q._items.h + 1 end,
}

local lifo = {
  init = function(q) q._items = {} end,
  put = function(q, v) q._items[#q._items + 1] = v end,
  get = function(q) local it = q._items; local v = it[#it]; it[#it] = nil; return v end,
  size = function(q) return #q._items end,
}

-- Heap entries are {prio, seq, value}; compared by prio (<) then seq.
local function less(a, b)
  if a[1] == b[1] then return a[2] < b[2] end
  return a[1] < b[1]
end
local heap = {
  init = function(q) q._items = {}; q._seq = 0 end,
  put = function(q, e)
    local h = q._items
    local i = #h + 1
    h[i] = e
    while i > 1 do
      local p = i // 2
      if less(h[i], h[p]) then h[i], h[p] = h[p], h[i]; i = p else break end
    end
  end,
  get = function(q)
    local h = q._items
    local top, n = h[1], #h
    h[1] = h[n]; h[n] = nil; n = n - 1
    local i = 1
    while true do
      local l, r, m = 2 * i, 2 * i + 1, i
      if l <= n and less(h[l], h[m]) then m = l end
      if r <= n and less(h[r], h[m]) then m = r end
      if m == i then break end
      h[i], h[m] = h[m], h[i]
      i = m
    end
    return top
  end,
  size = function(q) return #q._items end,
}

local function new_queue(kind, store, maxsize)
  maxsize = maxsize or 0
  if type(maxsize) ~= "number" then raise("ValueError", "maxsize must be a number") end
  local q = {
    maxsize = maxsize, _maxsize = maxsize, _getters = deque(), _putters = deque(),
    _unfinished = 0, _finished = aio.Event(), _shutdown = false,
    _store = store, _name = name_of(kind),
  }
  q._finished:set()
  store.init(q)
  return q
end

local function wakeup_next(waiters)
  while waiters:len() > 0 do
    local w = waiters:popleft()
    if not w:done() then w:set_result(); break end
  end
end

function Queue:qsize() return self._store.size(self) end
function Queue:empty() return self._store.size(self) == 0 end
function Queue:full()
  if self._maxsize <= 0 then return false end
  return self._store.size(self) >= self._maxsize
end

-- The item as stored (PriorityQueue packs prio and value).
local function item_of(self, ...)
  if self._store == heap then
    local prio, value = ...
    self._seq = self._seq + 1
    return { prio, self._seq, value }
  end
  return (...)
end

local function put_item(self, item)
  if self._shutdown then raise("QueueShutDown") end
  if self:full() then raise("QueueFull") end
  self._store.put(self, item)
  self._unfinished = self._unfinished + 1
  self._finished:clear()
  trace("queue_put", self._name, self._store.size(self))
  wakeup_next(self._getters)
end

function Queue:put_nowait(...) put_item(self, item_of(self, ...)) end

function Queue:put(...)
  local item = item_of(self, ...)
  while self:full() do
    if self._shutdown then raise("QueueShutDown") end
    local putter = Future()
    self._putters:push(putter)
    local ok, e = pcall(putter.await, putter, 6 --[[Queue.put]])
    if not ok then
      putter:cancel()
      self._putters:remove(putter)
      if not self:full() and not putter:cancelled() then wakeup_next(self._putters) end
      error(e, 0)
    end
  end
  put_item(self, item)
end

local function get_item(self)
  local item = self._store.get(self)
  trace("queue_get", self._name, self._store.size(self))
  wakeup_next(self._putters)
  if self._store == heap then return item[1], item[3] end
  return item
end

function Queue:get_nowait()
  if self:empty() then
    if self._shutdown then raise("QueueShutDown") end
    raise("QueueEmpty")
  end
  return get_item(self)
end

function Queue:get()
  while self:empty() do
    if self._shutdown then raise("QueueShutDown") end
    local getter = Future()
    self._getters:push(getter)
    local ok, e = pcall(getter.await, getter, 5 --[[Queue.get]])
    if not ok then
      getter:cancel()
      self._getters:remove(getter)
      if not self:empty() and not getter:cancelled() then wakeup_next(self._getters) end
      error(e, 0)
    end
  end
  return get_item(self)
end

function Queue:task_done()
  if self._unfinished <= 0 then raise("ValueError", "task_done() called too many times") end
  self._unfinished = self._unfinished - 1
  if self._unfinished == 0 then self._finished:set() end
end

function Queue:join()
  if self._unfinished > 0 then self._finished:wait() end
end

function Queue:shutdown(immediate)
  self._shutdown = true
  if immediate then
    while not self:empty() do
      self._store.get(self)
      if self._unfinished > 0 then self._unfinished = self._unfinished - 1 end
    end
    if self._unfinished == 0 then self._finished:set() end
  end
  while self._getters:len() > 0 do
    local g = self._getters:popleft()
    if not g:done() then g:set_result() end
  end
  while self._putters:len() > 0 do
    local p = self._putters:popleft()
    if not p:done() then p:set_result() end
  end
end

function Queue:__tostring()
  return string.format("<%s maxsize=%d qsize=%d>", self._name, self._maxsize, self:qsize())
end

-- A table __index (not a function): method calls stay one table lookup.
local QueueMT = { __index = Queue, __tostring = Queue.__tostring }

function aio.Queue(maxsize) return setmetatable(new_queue("Queue", fifo, maxsize), QueueMT) end
function aio.LifoQueue(maxsize) return setmetatable(new_queue("LifoQueue", lifo, maxsize), QueueMT) end
function aio.PriorityQueue(maxsize)
  return setmetatable(new_queue("PriorityQueue", heap, maxsize), QueueMT)
end
