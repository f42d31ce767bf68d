-- Demo 2.1-deadlines: four requests, each under a per-item timeout, all
-- under an overall deadline. A cut request is cancelled, runs its
-- cleanup, and only then does its caller see TimeoutError.
local function num(v, d) return tonumber(v) or d end
local per_item = num(knobs and knobs.per_item, 2)
local overall = num(knobs and knobs.overall, 5)
local cleanup = num(knobs and knobs.cleanup, 0.5)
local LAT = { 1, 2.5, 4, 7 }

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

-- wait_for: aio's own when the build has it; otherwise the same rule by
-- hand: a watchdog cancels the task, we wait for it, then TimeoutError.
local wait_for = aio.wait_for or function(fn, timeout)
  local t = aio.create_task(fn)
  local expired = false
  local dog = aio.create_task(function()
    aio.sleep(timeout)
    expired = true
    t:cancel()
  end)
  local ok, r = pcall(aio.await, t)
  dog:cancel()
  if ok then return r end
  if expired and t:cancelled() then
    error({ type = "TimeoutError", message = "timed out" }, 0)
  end
  if not t:done() then           -- we were cancelled: pass it down
    t:cancel()
    pcall(aio.await, t)
  end
  error(r, 0)
end

local function is_timeout(e)
  if aio.iserror then return aio.iserror(e, "TimeoutError") end
  return type(e) == "table" and e.type == "TimeoutError"
end

local function request(i)
  local ok, err = pcall(aio.sleep, LAT[i])
  if ok then
    stamp("request %d answered", i)
    return "body " .. i
  end
  stamp("request %d cancelled: cleanup starts (%.1f s)", i, cleanup)
  aio.sleep(cleanup)
  stamp("request %d cleanup done", i)
  error(err, 0)
end

local function item(i)
  local ok, r = pcall(wait_for, function() return request(i) end,
                      per_item)
  if ok then return r end
  if is_timeout(r) then
    stamp("item %d: TimeoutError reaches the caller", i)
    return "timeout"
  end
  error(r, 0)
end

local function main()
  stamp("per-item %.1f s, overall %.1f s, cleanup %.1f s",
        per_item, overall, cleanup)
  local tasks = {}
  for i = 1, #LAT do
    tasks[i] = aio.create_task("item " .. i, item, i)
  end
  -- The overall deadline, by hand: a watchdog cancels what is left.
  local over = aio.create_task("overall", function()
    aio.sleep(overall)
    for i, t in ipairs(tasks) do
      if not t:done() then
        stamp("overall deadline: cancel item %d", i)
        t:cancel()
      end
    end
  end)
  local res = aio.gather(tasks, { return_exceptions = true })
  over:cancel()
  for i = 1, #LAT do
    local r = res[i]
    if type(r) == "table" then r = r.type or "error" end
    stamp("result %d: %s", i, tostring(r))
  end
end

aio.run(main)
