-- SPDX-License-Identifier: MIT
-- engine/aio/sync.lua -- Condition and Barrier: CPython's
-- asyncio/locks.py (3.12/3.13) ported line by line onto aio futures and
-- the C Lock (Event, Lock, Semaphore and the queues are C, aio_sync.c and
-- aio_queue.c: they run on every hot path). Loaded by aio_lib.c with the
-- aio table and a private table P (P.kind from C; P.raise, shared with
-- combine.lua).
local aio, P = ...
local Future, iserror = aio.Future, aio.iserror
local setmetatable, error, pcall, type = setmetatable, error, pcall, type

-- A deque of waiters: O(1) push, removal by value (CPython's
-- collections.deque.remove; waiters are almost always removed from the
-- front).
local Deque = {}
Deque.__index = Deque
local function deque() return setmetatable({ h = 1, t = 0 }, Deque) end
function Deque:push(v) local t = self.t + 1; self.t = t; self[t] = v end
function Deque:len() return self.t - self.h + 1 end
function Deque:remove(v)
  for i = self.h, self.t do
    if self[i] == v then
      if i == self.h then
        self[i] = nil; self.h = i + 1
      else
        table.move(self, i + 1, self.t, i); self[self.t] = nil; self.t = self.t - 1
      end
      return true
    end
  end
  return false
end

-- `async with cond:` -> cond:with(fn, ...): acquire, run, always release.
-- The results pass through varargs: no table per `with`.
local function with_done(self, ok, ...)
  self:release()
  if not ok then error((...), 0) end
  return ...
end
local function with(self, fn, ...)
  self:acquire()
  return with_done(self, pcall(fn, ...))
end

local function raise(kind, msg) error(aio[kind](msg), 2) end
P.raise = raise

-- {=================== Condition ===================}

local Condition = {}
Condition.__index = Condition
Condition.with = with

function aio.Condition(lock)
  if lock == nil then lock = aio.Lock() end
  return setmetatable({ _lock = lock, _waiters = deque() }, Condition)
end

function Condition:locked() return self._lock:locked() end
function Condition:acquire() return self._lock:acquire() end
function Condition:release() return self._lock:release() end

-- 3.13: re-acquire even when cancelled; any error out of here may have
-- come after a notify, so the wake-up is passed on (_notify(1)).
local function cond_notify(self, n)
  local idx = 0
  local ws = self._waiters
  for i = ws.h, ws.t do
    if idx >= n then break end
    local fut = ws[i]
    if not fut:done() then
      idx = idx + 1
      fut:set_result(false)
    end
  end
end

function Condition:wait()
  if not self:locked() then raise("RuntimeError", "cannot wait on un-acquired lock") end
  self:release()
  local fut = Future()
  self._waiters:push(fut)
  local ok, e = pcall(fut.await, fut, 3 --[[Condition.wait]])
  self._waiters:remove(fut)
  -- Must re-acquire the lock even if the wait was cancelled.
  local err = nil
  while true do
    local ok2, e2 = pcall(self.acquire, self)
    if ok2 then break end
    if iserror(e2, "CancelledError") then
      err = e2
    else
      cond_notify(self, 1)
      error(e2, 0)
    end
  end
  if err ~= nil then ok, e = false, err end
  if not ok then
    cond_notify(self, 1)
    error(e, 0)
  end
  return true
end

function Condition:wait_for(predicate)
  local result = predicate()
  while not result do
    self:wait()
    result = predicate()
  end
  return result
end

function Condition:notify(n)
  if not self:locked() then raise("RuntimeError", "cannot notify on un-acquired lock") end
  cond_notify(self, n or 1)
end

function Condition:notify_all() self:notify(self._waiters:len()) end

-- {=================== Barrier ===================}

local Barrier = {}
Barrier.__index = Barrier

function aio.Barrier(parties)
  if type(parties) ~= "number" or parties < 1 then
    raise("ValueError", "parties must be > 0")
  end
  return setmetatable({ _cond = aio.Condition(), _parties = parties, parties = parties,
                        _state = "filling", _count = 0 }, Barrier)
end

local function barrier_block(self)
  self._cond:wait_for(function()
    return self._state ~= "draining" and self._state ~= "resetting"
  end)
  if self._state == "broken" then raise("BrokenBarrierError", "Barrier aborted") end
end

local function barrier_exit(self)
  if self._count == 0 then
    if self._state == "resetting" or self._state == "draining" then
      self._state = "filling"
    end
    self._cond:notify_all()
  end
end

function Barrier:wait()
  return self._cond:with(function()
    barrier_block(self)
    local index = self._count
    self._count = self._count + 1
    local ok, e = pcall(function()
      if index + 1 == self._parties then
        self._state = "draining"
        self._cond:notify_all()
      else
        self._cond:wait_for(function() return self._state ~= "filling" end)
        if self._state == "broken" or self._state == "resetting" then
          raise("BrokenBarrierError", "Abort or reset of barrier")
        end
      end
    end)
    self._count = self._count - 1
    barrier_exit(self)
    if not ok then error(e, 0) end
    return index
  end)
end

function Barrier:reset()
  self._cond:with(function()
    if self._count > 0 then
      if self._state ~= "resetting" then self._state = "resetting" end
    else
      self._state = "filling"
    end
    self._cond:notify_all()
  end)
end

function Barrier:abort()
  self._cond:with(function()
    self._state = "broken"
    self._cond:notify_all()
  end)
end

function Barrier:n_waiting()
  if self._state == "filling" then return self._count end
  return 0
end

function Barrier:broken() return self._state == "broken" end

