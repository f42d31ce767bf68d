-- Demo 2.2-ripple: cancel the parent and watch the request travel down
-- through the tasks it awaits, stop at a shield, run every cleanup, and
-- (unless someone swallows it) come back up as "cancelled".
local function num(v, d) return tonumber(v) or d end
local cancel_at = num(knobs and knobs.cancel_at, 1)
local swallow = num(knobs and knobs.swallow, 0) ~= 0
local shield = num(knobs and knobs.shield, 0) ~= 0
local cleanup = num(knobs and knobs.cleanup, 0.5)

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

local function grandchild()
  local ok, err = pcall(aio.sleep, 4)
  if ok then
    stamp("grandchild: finished its 4 s of work")
    return "data"
  end
  stamp("grandchild: CancelledError; cleanup %.1f s", cleanup)
  aio.sleep(cleanup)
  stamp("grandchild: cleanup done, re-raise")
  error(err, 0)
end

local function child()
  local g = aio.create_task("grandchild", grandchild)
  local aw = g
  if shield then
    if aio.shield then
      aw = aio.shield(g)
    else
      stamp("child: (aio.shield is not in this build yet)")
    end
  end
  local ok, r = pcall(aio.await, aw)
  if ok then return r end
  stamp("child: got %s", tostring(type(r) == "table" and r.type or r))
  if swallow then
    stamp("child: swallows it and returns normally (a bug)")
    return "swallowed"
  end
  if shield and not g:done() then
    stamp("child: shielded grandchild still running; wait for it")
    pcall(aio.await, g)
  end
  error(r, 0)
end

local function parent()
  local c = aio.create_task("child", child)
  local ok, r = pcall(aio.await, c)
  stamp("parent: child ended %s", c:cancelled() and "cancelled"
        or ("normally with " .. tostring(r)))
  if not ok then error(r, 0) end
  stamp("parent: carries on although it was cancelled (swallowed below)")
  return r
end

aio.run(function()
  local p = aio.create_task("parent", parent)
  aio.sleep(cancel_at)
  stamp("main: p:cancel()")
  p:cancel()
  local ok = pcall(aio.await, p)
  stamp("main: parent cancelled? %s", tostring(p:cancelled()))
end)
