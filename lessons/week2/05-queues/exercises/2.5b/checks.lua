-- Checks for 2.5b (python, belt.py). Each scenario runs belt(n, maxsize,
-- every) (main runs the statement's belt(5, 2, 1.0)) and reads the log it
-- returns: [text, seconds] pairs. From the statement:
--   put i  returns at 0 while the belt has room (i < maxsize), else when
--          the consumer takes item i - maxsize: at (i - maxsize + 1) * every
--   got i  at (i + 1) * every, items in order
-- and at any point of the log, puts minus gets (what lies on the belt)
-- is at most maxsize.

-- every check reads its scenario's data: without one (a dry run of the
-- checks) there is nothing to measure
local function guarded(f)
  return function(run)
    if type(run) ~= "table" or type(run.scenario) ~= "table"
        or type(run.scenario.data) ~= "table" then
      return false, "this check needs a scenario run"
    end
    return f(run)
  end
end

local EPS = 1e-6

local function f2(t) return string.format("%.2f", t) end

local function get_log(run)
  local log = run.result
  local err = run.error or ""
  if err:find("deadlock") then
    return nil, "belt() never returned: the consumer waited in get() for "
      .. "an item that never came (a deadlock), so some item never got on "
      .. "the belt. Put every item with `await q.put(i)`: a call without "
      .. "await only makes a coroutine and puts nothing, and put_nowait() "
      .. "on a full queue raises QueueFull instead of waiting."
  end
  if type(log) ~= "table" then
    return nil, "belt() returned no log"
      .. (err ~= "" and (": " .. (err:match("([^\n]+)\n*$") or err)) or "")
      .. ". Keep say() and the log, and main, as the starter has them."
  end
  return log
end

local function times(log, prefix)
  local t, pos = {}, {}
  for p, e in ipairs(log) do
    if type(e) == "table" and type(e[1]) == "string" then
      local i = e[1]:match("^" .. prefix .. " (%-?%d+)$")
      if i and t[tonumber(i)] == nil then
        t[tonumber(i)] = e[2]; pos[tonumber(i)] = p
      end
    end
  end
  return t, pos
end

local function belt(n, maxsize, every)
  return { call = "belt", args = { n, maxsize, every },
           data = { n = n, maxsize = maxsize, every = every } }
end
local function named(name, sc) sc.name = name; return sc end

return {
  scenarios = {
    { name = "the statement's belt", data = { n = 5, maxsize = 2, every = 1.0 } },
    named("a belt of three, 0.37 s per item", belt(9, 3, 0.37)),
    named("a belt longer than the work", belt(3, 5, 0.8)),
    named("a belt of one", belt(6, 1, 0.55)),
    { name = "a random belt", count = 3, make = function(rng)
        return belt(rng:int(1, 12), rng:int(1, 5), rng:float(0.1, 1.5, 2))
      end },
  },

  {
    name = "the producer waits for a free slot",
    points = 2, hint = 2,
    fn = guarded(function(run)
      local log, why = get_log(run)
      if not log then return false, why end
      local d = run.scenario.data
      local put = times(log, "put")
      for i = 0, d.n - 1 do
        local want = i < d.maxsize and 0 or (i - d.maxsize + 1) * d.every
        if put[i] == nil or math.abs(put[i] - want) > EPS then
          return false, string.format("%d items, a belt of %d, the "
            .. "consumer takes one every %s s: put %d should return at %s "
            .. "s (%s); it %s. The belt is an asyncio.Queue(maxsize): "
            .. "`await q.put(i)` then waits, without polling, exactly "
            .. "until the consumer frees a slot.", d.n, d.maxsize,
            f2(d.every), i, f2(want),
            i < d.maxsize and "the belt still has room"
              or string.format("when item %d is taken", i - d.maxsize),
            put[i] and ("returned at " .. f2(put[i]) .. " s")
              or "never returned"), put[i] and f2(put[i]) or "never"
        end
      end
      return true
    end),
  },
  {
    name = "never more than maxsize items on the belt",
    points = 1, hint = 3,
    fn = guarded(function(run)
      local log, why = get_log(run)
      if not log then return false, why end
      local d = run.scenario.data
      local depth, peak = 0, 0
      for _, e in ipairs(log) do
        if type(e) == "table" and type(e[1]) == "string" then
          if e[1]:match("^put ") then depth = depth + 1 end
          if e[1]:match("^got ") then depth = depth - 1 end
          if depth > peak then peak = depth end
        end
      end
      local want = math.min(d.maxsize, d.n)
      if peak ~= want then
        return false, string.format("A belt of %d with %d items: at the "
          .. "fullest, %d items had been put and not yet taken; expected "
          .. "%d. Make the queue with exactly maxsize: asyncio.Queue("
          .. "maxsize) (the item the consumer is working on is already "
          .. "off the belt).", d.maxsize, d.n, peak, want), tostring(peak)
      end
      return true, nil, tostring(peak)
    end),
  },
  {
    name = "the consumer takes every item in order",
    points = 2, hint = 1,
    fn = guarded(function(run)
      local log, why = get_log(run)
      if not log then return false, why end
      local d = run.scenario.data
      local got, pos = times(log, "got")
      for i = 0, d.n - 1 do
        local want = (i + 1) * d.every
        if got[i] == nil or math.abs(got[i] - want) > EPS
            or (i > 0 and pos[i - 1] and pos[i] < pos[i - 1]) then
          return false, string.format("%d items, one taken every %s s: "
            .. "\"got %d\" belongs at %s s, after \"got %d\"; it %s. "
            .. "Every item the producer makes must reach the consumer, in "
            .. "order: await each put (never skip an item when the belt "
            .. "is full), and let the consumer work %s s before each get.",
            d.n, f2(d.every), i, f2(want), i - 1,
            got[i] and ("came at " .. f2(got[i]) .. " s") or "never came",
            f2(d.every)), got[i] and f2(got[i]) or "never"
        end
      end
      return true
    end),
  },
  check.noleak { name = "leaves no task or coroutine behind", points = 1,
    message = "When belt() returned, a task was still pending or a "
           .. "coroutine was never awaited (see the warning): await every "
           .. "put and get, and wait for the producer and the consumer." },
  check.noerror { name = "runs without an exception", points = 1 },
}
