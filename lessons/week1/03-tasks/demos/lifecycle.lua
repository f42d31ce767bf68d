-- Demo 1.3-lifecycle: tasks from creation to done, with the main task's
-- choices as knobs: await the tasks or not, yield once with sleep(0)
-- right after creating them, and let one task fail unobserved.
local function flag(v, d)
  v = math.tointeger(v) or d
  return v ~= 0
end
local keep = flag(knobs and knobs.await, 1)
local yield0 = flag(knobs and knobs.sleep0, 0)
local fail = flag(knobs and knobs.fail, 0)

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

local function state(t)
  if not t:done() then return "pending" end
  if t:cancelled() then return "cancelled" end
  if t:exception() ~= nil then return "failed" end
  return "done"
end

local function job(name, seconds, bad)
  stamp("%s: first step runs", name)
  aio.sleep(seconds)
  if bad then
    stamp("%s: raises", name)
    error("boom in " .. name, 0)
  end
  stamp("%s: returns", name)
  return name .. " ok"
end

local function main()
  local tasks = {
    aio.create_task("job A", job, "job A", 1),
    aio.create_task("job B", job, "job B", 2),
    aio.create_task("job C", job, "job C", fail and 0.5 or 1.5, fail),
  }
  stamp("main: created 3 tasks; none has run yet")
  if yield0 then
    aio.sleep(0)
    stamp("main: after sleep(0) every task has taken its first step")
  end
  if keep then
    for _, t in ipairs(tasks) do
      local ok, r = pcall(aio.await, t)
      stamp("main: awaited %s -> %s (%s)", t:get_name(), state(t),
            ok and tostring(r) or "error: " .. tostring(r))
    end
  else
    aio.sleep(1.2)
    for _, t in ipairs(tasks) do
      -- Only done(): asking for exception() would count as retrieving it.
      stamp("main: %s is %s", t:get_name(),
            t:done() and "done (result unknown)" or "pending")
    end
    stamp("main: returns without awaiting; aio.run cancels the rest")
  end
end

aio.run(main)
