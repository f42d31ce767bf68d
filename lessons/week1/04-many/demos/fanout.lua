-- Demo 1.4-fanout: five jobs collected with gather, then with a
-- wait(FIRST_COMPLETED) loop, then with as_completed. Knobs: a failing
-- job, return_exceptions for gather, and a timeout for wait.
local DUR = { 3, 1, 2.5, 0.5, 2 }
local function num(v, d) return tonumber(v) or d end
local fail = math.tointeger(num(knobs and knobs.fail, 0)) or 0
local ret_exc = num(knobs and knobs.return_exceptions, 0) ~= 0
local timeout = num(knobs and knobs.timeout, 0)
if timeout <= 0 then timeout = nil end

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

local function job(i)
  aio.sleep(DUR[i])
  if i == fail then
    stamp("job %d fails", i)
    error("job " .. i .. " failed", 0)
  end
  stamp("job %d finishes", i)
  return "r" .. i
end

local function start(tag)
  local ts = {}
  for i = 1, #DUR do
    ts[i] = aio.create_task(tag .. " job " .. i, job, i)
  end
  return ts
end

local function show(v)
  if type(v) == "table" and v.type then return v.type end
  return tostring(v)
end

local function main()
  local t0 = aio.now()
  stamp("gather: start 5 jobs (return_exceptions=%s)", tostring(ret_exc))
  local ts = start("gather")
  local ok, res = pcall(aio.gather, ts, { return_exceptions = ret_exc })
  if ok then
    local parts = {}
    for i = 1, #res do parts[i] = show(res[i]) end
    stamp("gather resumes with {%s}", table.concat(parts, ", "))
  else
    stamp("gather raised: %s", show(res))
    for i, t in ipairs(ts) do
      if not t:done() then stamp("  job %d is still running", i) end
    end
    aio.sleep(DUR[1] - (aio.now() - t0))   -- let the others finish
  end

  if not aio.wait then
    stamp("(aio.wait is not in this build yet)")
    return
  end
  stamp("wait(FIRST_COMPLETED) loop%s",
        timeout and string.format(", timeout %.1f s", timeout) or "")
  local pending = start("wait")
  local t1 = aio.now()
  while #pending > 0 do
    local left = timeout and (timeout - (aio.now() - t1)) or nil
    if left and left <= 0 then break end
    local done
    done, pending = aio.wait(pending, { return_when = "FIRST_COMPLETED",
                                        timeout = left })
    if #done == 0 then break end
    for _, t in ipairs(done) do
      local ok2, r = pcall(t.result, t)
      stamp("  caller resumes: %s -> %s", t:get_name(),
            ok2 and r or "error")
    end
  end
  if #pending > 0 then
    stamp("timeout: %d job(s) still pending, NOT cancelled by wait",
          #pending)
    for _, t in ipairs(pending) do t:cancel() end
    aio.gather(pending, { return_exceptions = true })
    stamp("cancelled them ourselves")
  end

  if aio.as_completed then
    stamp("as_completed")
    for aw in aio.as_completed(start("as_completed")) do
      local ok3, r = pcall(aio.await, aw)
      stamp("  next result: %s", ok3 and r or "error")
    end
  end
end

aio.run(main)
