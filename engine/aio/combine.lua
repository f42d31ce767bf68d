-- SPDX-License-Identifier: MIT
-- engine/aio/combine.lua -- wait, wait_for, timeout/timeout_at,
-- TaskGroup, shield, as_completed: CPython 3.12's tasks.py and timeouts.py
-- and 3.13's taskgroups.py on aio futures and done callbacks. `async with` blocks
-- become functions: aio.timeout(d, fn, ...) calls fn(cm, ...) and
-- aio.TaskGroup(fn) calls fn(tg); their __aexit__ logic runs when fn
-- returns or raises. Deliberate differences: wait() returns lists in input
-- order and TaskGroup cancels its tasks in creation order (CPython: sets).
local aio, P = ...
local Future, iserror, raise = aio.Future, aio.iserror, P.raise
local setmetatable, error, pcall, type, ipairs, tostring =
  setmetatable, error, pcall, type, ipairs, tostring
local pack, unpack = table.pack, table.unpack

aio.FIRST_COMPLETED = "FIRST_COMPLETED"
aio.FIRST_EXCEPTION = "FIRST_EXCEPTION"
aio.ALL_COMPLETED = "ALL_COMPLETED"

local function ensure_future(x)
  if P.kind(x) then return x end
  if type(x) == "function" then return aio.create_task(x) end
  raise("TypeError", "a task, a future or a function is required, got " .. type(x))
end
P.ensure_future = ensure_future

local function settle_from(src, dst)
  if src:cancelled() then
    dst:cancel()
  else
    local e = src:exception()
    if e ~= nil then dst:set_exception(e) else dst:set_result(src:result()) end
  end
end

-- {=================== wait ===================}

function aio.wait(fs, opts)
  opts = opts or {}
  local timeout, return_when = opts.timeout, opts.return_when or "ALL_COMPLETED"
  if type(fs) ~= "table" or P.kind(fs) then
    raise("TypeError", "expect a list of futures, not " .. (P.kind(fs) or type(fs)))
  end
  if #fs == 0 then raise("ValueError", "Set of Tasks/Futures is empty.") end
  if return_when ~= "FIRST_COMPLETED" and return_when ~= "FIRST_EXCEPTION"
     and return_when ~= "ALL_COMPLETED" then
    raise("ValueError", "Invalid return_when value: " .. tostring(return_when))
  end
  local list, seen = {}, {}
  for i = 1, #fs do
    local f = fs[i]
    if type(f) == "function" then
      raise("TypeError", "Passing coroutines is forbidden, use tasks explicitly.")
    end
    if not P.kind(f) then raise("TypeError", "expected tasks or futures, got " .. type(f)) end
    if not seen[f] then seen[f] = true; list[#list + 1] = f end
  end
  local waiter = Future()
  local th
  if timeout ~= nil then
    th = aio.call_later(timeout, function()
      if not waiter:done() then waiter:set_result() end
    end)
  end
  local counter = #list
  local function on_completion(f)
    counter = counter - 1
    if counter <= 0 or return_when == "FIRST_COMPLETED" or
       (return_when == "FIRST_EXCEPTION" and not f:cancelled() and f:exception() ~= nil) then
      if th then th:cancel() end
      if not waiter:done() then waiter:set_result() end
    end
  end
  for _, f in ipairs(list) do f:add_done_callback(on_completion) end
  local ok, e = pcall(waiter.await, waiter, 7 --[[wait]])
  if th then th:cancel() end
  for _, f in ipairs(list) do f:remove_done_callback(on_completion) end
  if not ok then error(e, 0) end
  local done, pending = {}, {}
  for _, f in ipairs(list) do
    if f:done() then done[#done + 1] = f else pending[#pending + 1] = f end
  end
  return done, pending
end

-- {=================== timeout ===================}

local Timeout = {}
Timeout.__index = Timeout

local function on_timeout(cm)
  cm._task:cancel()
  cm._state = "expiring"
  cm._handle = nil
end

function Timeout:when() return self._when end
function Timeout:expired() return self._state == "expiring" or self._state == "expired" end

function Timeout:reschedule(when)
  if self._state ~= "entered" then
    raise("RuntimeError", "Cannot change state of " .. self._state .. " Timeout")
  end
  self._when = when
  if self._handle then self._handle:cancel() end
  if when == nil then
    self._handle = nil
  elseif when <= aio.now() then
    self._handle = aio.call_soon(on_timeout, self)
  else
    self._handle = aio.call_at(when, on_timeout, self)
  end
end

function Timeout:__tostring()
  return "<Timeout [" .. self._state .. "] when=" .. tostring(self._when) .. ">"
end

local function timeout_error(cause)
  local te = aio.TimeoutError()
  te.cause = cause
  return te
end

function aio.timeout_at(when, fn, ...)
  if type(fn) ~= "function" then raise("TypeError", "aio.timeout: fn must be a function") end
  local task = aio.current_task()
  if not task then raise("RuntimeError", "Timeout should be used inside a task") end
  local cm = setmetatable({ _state = "entered", _task = task }, Timeout)
  cm._cancelling = task:cancelling()
  cm:reschedule(when)
  local r = pack(pcall(fn, cm, ...))
  if cm._handle then cm._handle:cancel(); cm._handle = nil end
  if cm._state == "expiring" then
    cm._state = "expired"
    if task:uncancel() <= cm._cancelling and not r[1] and iserror(r[2], "CancelledError") then
      -- No new cancel requests since ours: this one is the timeout.
      error(timeout_error(r[2]), 0)
    end
  elseif cm._state == "entered" then
    cm._state = "exited"
  end
  if not r[1] then error(r[2], 0) end
  return unpack(r, 2, r.n)
end

function aio.timeout(delay, fn, ...)
  local when = nil
  if delay ~= nil then when = aio.now() + delay end
  return aio.timeout_at(when, fn, ...)
end

-- {=================== wait_for ===================}

local function cancel_and_wait(fut)
  local waiter = Future()
  local function cb() if not waiter:done() then waiter:set_result() end end
  fut:add_done_callback(cb)
  local ok, e = pcall(function()
    fut:cancel()
    waiter:await(8 --[[wait_for]])
  end)
  fut:remove_done_callback(cb)
  if not ok then error(e, 0) end
end

function aio.wait_for(aw, timeout)
  if timeout ~= nil and timeout <= 0 then
    local fut = ensure_future(aw)
    if fut:done() then return fut:result() end
    cancel_and_wait(fut)
    local r = pack(pcall(fut.result, fut))
    if not r[1] then
      if iserror(r[2], "CancelledError") then error(timeout_error(r[2]), 0) end
      error(r[2], 0)
    end
    return unpack(r, 2, r.n)
  end
  if type(aw) == "function" then
    -- `await coro` runs the coroutine in the awaiting task: call it here.
    return aio.timeout(timeout, function() return aw() end)
  end
  if not P.kind(aw) then raise("TypeError", "aio.wait_for: expected a task, a future or a function") end
  return aio.timeout(timeout, function() return aio.await(aw) end)
end

-- {=================== TaskGroup ===================}

local TaskGroup = {}
TaskGroup.__index = TaskGroup

local function tg_abort(tg)
  tg._aborting = true
  for _, t in ipairs(tg._list) do
    if tg._live[t] and not t:done() then t:cancel() end
  end
end

local function tg_on_task_done(tg, t)
  if tg._live[t] then
    tg._live[t] = nil
    tg._ntasks = tg._ntasks - 1
  end
  if tg._on_completed and tg._ntasks == 0 and not tg._on_completed:done() then
    tg._on_completed:set_result(true)
  end
  if t:cancelled() then return end
  local exc = t:exception()
  if exc == nil or tg._errors == nil then return end
  tg._errors[#tg._errors + 1] = exc
  if tg._parent:done() then return end
  if not tg._aborting and not tg._parent_cancel_requested then
    -- First failure: cancel the siblings and the body.
    tg_abort(tg)
    tg._parent_cancel_requested = true
    tg._parent:cancel()
  end
end

function TaskGroup:create_task(...)
  if self._exiting and self._ntasks == 0 then raise("RuntimeError", "TaskGroup is finished") end
  if self._aborting then raise("RuntimeError", "TaskGroup is shutting down") end
  local t = aio.create_task(...)
  if t:done() then
    tg_on_task_done(self, t)
  else
    self._list[#self._list + 1] = t
    self._live[t] = true
    self._ntasks = self._ntasks + 1
    t:add_done_callback(function(tt) tg_on_task_done(self, tt) end)
  end
  return t
end

function TaskGroup:__tostring()
  return "<TaskGroup tasks=" .. self._ntasks .. (self._aborting and " cancelling" or "") .. ">"
end

function aio.TaskGroup(fn, ...)
  if type(fn) ~= "function" then raise("TypeError", "aio.TaskGroup: fn must be a function") end
  local parent = aio.current_task()
  if not parent then raise("RuntimeError", "TaskGroup cannot determine the parent task") end
  local tg = setmetatable({ _list = {}, _live = {}, _ntasks = 0, _errors = {},
                            _exiting = false, _aborting = false, _parent = parent,
                            _parent_cancel_requested = false }, TaskGroup)
  local r = pack(pcall(fn, tg, ...))
  -- __aexit__ (3.13: cancel counts are kept level)
  tg._exiting = true
  local failed, exc = not r[1], r[2]
  local propagate_cancel = nil
  if failed and iserror(exc, "CancelledError") then propagate_cancel = exc end
  if failed and not tg._aborting then tg_abort(tg) end
  while tg._ntasks > 0 do
    if not tg._on_completed then tg._on_completed = Future() end
    local ok, e = pcall(tg._on_completed.await, tg._on_completed, 9 --[[TaskGroup]])
    if not ok then
      if not iserror(e, "CancelledError") then error(e, 0) end
      if not tg._aborting then
        propagate_cancel = e
        tg_abort(tg)
      end
    end
    tg._on_completed = nil
  end
  if tg._parent_cancel_requested then
    -- We cancelled the parent ourselves: that request must be undone.
    if parent:uncancel() == 0 then propagate_cancel = nil end
  end
  if propagate_cancel ~= nil and #tg._errors == 0 then error(propagate_cancel, 0) end
  if failed and not iserror(exc, "CancelledError") then tg._errors[#tg._errors + 1] = exc end
  if #tg._errors > 0 then
    -- Cancelled from outside too: un-cancel and re-cancel the parent, so
    -- the count stays level and the cancel hits its next await.
    if parent:cancelling() > 0 then
      parent:uncancel()
      parent:cancel()
    end
    local errs = tg._errors
    tg._errors = nil
    error(aio.ExceptionGroup("unhandled errors in a TaskGroup", errs), 0)
  end
  if failed then error(exc, 0) end
  return unpack(r, 2, r.n)
end

-- {=================== shield ===================}

function aio.shield(aw)
  local inner = ensure_future(aw)
  if inner:done() then return inner end
  local outer = Future()
  local function inner_done(i)
    if outer:cancelled() then
      if not i:cancelled() then i:exception() end   -- mark retrieved
      return
    end
    settle_from(i, outer)
  end
  inner:add_done_callback(inner_done)
  outer:add_done_callback(function()
    if not inner:done() then inner:remove_done_callback(inner_done) end
  end)
  return outer
end

-- {=================== as_completed ===================}

-- Returns an iterator of awaitables (functions: aio.await(aw) runs one in
-- the awaiting task, like CPython's _wait_for_one coroutine): whichever is
-- awaited first gets the first completion; TimeoutError once the timeout
-- expired.
function aio.as_completed(fs, opts)
  local timeout = opts and opts.timeout
  if type(fs) ~= "table" or P.kind(fs) then raise("TypeError", "expect a list of awaitables") end
  local list, todo, ntodo = {}, {}, 0
  for i = 1, #fs do
    local f = ensure_future(fs[i])
    if not todo[f] then todo[f] = true; ntodo = ntodo + 1; list[#list + 1] = f end
  end
  local done = aio.Queue()
  local expired = {}
  local th
  local function on_completion(f)
    if ntodo == 0 then return end
    todo[f] = nil
    ntodo = ntodo - 1
    done:put_nowait(f)
    if ntodo == 0 and th then th:cancel() end
  end
  for _, f in ipairs(list) do f:add_done_callback(on_completion) end
  if ntodo > 0 and timeout ~= nil then
    th = aio.call_later(timeout, function()
      for _, f in ipairs(list) do
        if todo[f] then
          f:remove_done_callback(on_completion)
          done:put_nowait(expired)
        end
      end
      todo, ntodo = {}, 0
    end)
  end
  local function wait_for_one()
    local f = done:get()
    if f == expired then error(aio.TimeoutError(), 0) end
    return f:result()
  end
  local k = 0
  return function()
    k = k + 1
    if k <= #list then return wait_for_one end
  end
end
