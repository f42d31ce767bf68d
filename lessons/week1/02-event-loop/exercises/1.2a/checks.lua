-- Checks for 1.2a (lua, scheduler.lua). Display order = list order.
-- Everything here is plain Lua: the student's scheduler has its own
-- virtual clock, so the checks call it directly (no aio, no run.exec).

local function new(run)
  local m = run.module
  if type(m) ~= "table" then
    return nil, "scheduler.lua must end with `return M`; it returned "
             .. type(m) .. "."
  end
  if type(m.Scheduler) ~= "function" then
    return nil, "The module has no function `Scheduler`. Keep "
             .. "`function M.Scheduler()` from the starter."
  end
  local ok, s = pcall(m.Scheduler)
  if not ok then return nil, "M.Scheduler() raised: " .. tostring(s) end
  if type(s) ~= "table" then
    return nil, "M.Scheduler() must return the scheduler object."
  end
  return s
end

local function call(what, fn, ...)
  local ok, err = pcall(fn, ...)
  if not ok then
    return false, what .. " raised an error: " .. tostring(err)
  end
  return true
end

local function fmt(list)
  local t = {}
  for i, v in ipairs(list) do t[i] = tostring(v) end
  return "{" .. table.concat(t, ", ") .. "}"
end

local function same(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

local DEMO = {
  "[ 0.0] down 5", "[ 0.0] up 0", "[ 4.0] down 4", "[ 5.0] up 1",
  "[ 8.0] down 3", "[10.0] up 2", "[12.0] down 2", "[15.0] up 3",
  "[16.0] down 1",
}

return {
  {
    name = "call_soon runs callbacks in FIFO order",
    points = 1,
    fn = function(run)
      local s, err = new(run)
      if not s then return false, err end
      local got = {}
      for i = 1, 5 do
        s:call_soon(function()
          got[#got + 1] = i
          -- A callback scheduled while running waits its turn.
          if i == 1 then s:call_soon(function() got[#got + 1] = 6 end) end
        end)
      end
      local ok, e = call("s:run()", s.run, s)
      if not ok then return false, e end
      if not same(got, { 1, 2, 3, 4, 5, 6 }) then
        return false, "Five call_soon callbacks (the first adds a sixth) "
          .. "ran in the order " .. fmt(got) .. "; expected "
          .. "{1, 2, 3, 4, 5, 6}. The ready queue is first in, first out: "
          .. "take from the front, add at the back.", fmt(got)
      end
      return true
    end,
  },
  {
    name = "call_later fires in deadline order on a virtual clock",
    points = 2,
    fn = function(run)
      local s, err = new(run)
      if not s then return false, err end
      local got = {}
      local function rec(tag)
        return function() got[#got + 1] = tag .. "@" .. s:now() end
      end
      local ok, e = call("call_later", function()
        s:call_later(3, rec("a"))
        s:call_later(1, function()
          rec("b")()
          s:call_later(1.5, rec("d"))
        end)
        s:call_later(2, rec("c"))
      end)
      if not ok then return false, e end
      ok, e = call("s:run()", s.run, s)
      if not ok then return false, e end
      local want = { "b@1", "c@2", "d@2.5", "a@3" }
      if not same(got, want) then
        return false, "call_later(3, a), call_later(1, b -> call_later(1.5, "
          .. "d)), call_later(2, c) gave " .. fmt(got) .. " (tag@now()); "
          .. "expected " .. fmt(want) .. ". When nothing is ready, jump "
          .. "the clock to the earliest deadline (do not sleep for real), "
          .. "then run every timer that is due.", fmt(got)
      end
      return true, nil, tostring(s:now())
    end,
  },
  {
    name = "countdown and countup interleave and end at t = 20",
    points = 2,
    fn = function(run)
      local m = run.module
      if type(m) ~= "table" or type(m.demo) ~= "function" then
        return false, "Keep `function M.demo()` from the starter."
      end
      local ok, lines, t = pcall(m.demo)
      if not ok then
        return false, "M.demo() raised an error: " .. tostring(lines)
      end
      if type(lines) ~= "table" then
        return false, "M.demo() must return its lines (leave it as given)."
      end
      for i = 1, math.max(#lines, #DEMO) do
        if lines[i] ~= DEMO[i] then
          return false, string.format("demo line %d: expected %q, got %s. "
            .. "A task that calls s:sleep(d) must resume d virtual "
            .. "seconds later, while the other task keeps running.",
            i, DEMO[i] or "(no more lines)",
            lines[i] and string.format("%q", lines[i]) or "(no more lines)"),
            tostring(lines[i])
        end
      end
      if t ~= 20 then
        return false, "The demo's last sleeps end at t = 20, so s:now() "
          .. "after run() should be 20; it was " .. tostring(t) .. ".",
          tostring(t)
      end
      return true, nil, tostring(t)
    end,
  },
  {
    name = "equal deadlines fire in the order they were scheduled",
    points = 1,
    hidden = true,
    message = "Tasks that sleep until the same time must wake in the order "
           .. "they went to sleep. Give every timer a sequence number and "
           .. "use it to break ties in the heap.",
    fn = function(run)
      local s, err = new(run)
      if not s then return false, err end
      local got = {}
      local ok, e = call("spawn/sleep", function()
        for i = 1, 7 do
          s:spawn(function()
            s:sleep(1)
            got[#got + 1] = i
          end)
        end
        for i = 8, 14 do
          s:call_later(2, function() got[#got + 1] = i end)
        end
      end)
      if not ok then return false, e end
      ok, e = call("s:run()", s.run, s)
      if not ok then return false, e end
      local want = {}
      for i = 1, 14 do want[i] = i end
      if not same(got, want) then
        return false, nil, fmt(got)
      end
      return true
    end,
  },
}
