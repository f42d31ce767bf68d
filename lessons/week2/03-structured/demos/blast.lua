-- Demo 2.3-blast: the same failure under gather, gather with
-- return_exceptions, and TaskGroup. Watch whether the siblings' lanes
-- keep running or are cancelled.
local function num(v, d) return tonumber(v) or d end
local fail_k = math.tointeger(num(knobs and knobs.fail, 2)) or 2
local fail_t = num(knobs and knobs.at, 1)
local second = num(knobs and knobs.second, 0) ~= 0
local DUR = { 3, 2, 4 }

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

local function child(tag, i)
  local d = DUR[i]
  local bad = (i == fail_k) or (second and i == (fail_k % 3) + 1)
  if bad then d = fail_t end
  local ok, e = pcall(aio.sleep, d)
  if not ok then
    stamp("%s child %d: cancelled", tag, i)
    error(e, 0)
  end
  if bad then
    stamp("%s child %d: raises", tag, i)
    error({ type = "ValueError", message = "child " .. i }, 0)
  end
  stamp("%s child %d: done", tag, i)
  return i
end

local function describe(e)
  if type(e) ~= "table" then return tostring(e) end
  if e.exceptions then return "ExceptionGroup of " .. #e.exceptions end
  return tostring(e.type or e.message)
end

local function phase(tag, fn)
  local t0 = aio.now()
  stamp("== %s", tag)
  local ok, e = pcall(fn)
  stamp("%s: %s", tag, ok and "returned" or ("raised " .. describe(e)))
  -- Let stragglers finish so the next phase starts clean.
  local left = 4.5 - (aio.now() - t0)
  if left > 0 then aio.sleep(left) end
end

aio.run(function()
  phase("gather", function()
    local ts = {}
    for i = 1, 3 do ts[i] = aio.create_task("gather " .. i, child, "gather", i) end
    return aio.gather(ts)
  end)
  phase("gather(return_exceptions)", function()
    local ts = {}
    for i = 1, 3 do ts[i] = aio.create_task("gather_re " .. i, child, "g_re", i) end
    return aio.gather(ts, { return_exceptions = true })
  end)
  if aio.TaskGroup then
    phase("TaskGroup", function()
      return aio.TaskGroup(function(tg)
        for i = 1, 3 do tg:create_task("group " .. i, child, "group", i) end
      end)
    end)
  else
    stamp("(aio.TaskGroup is not in this build yet)")
  end
end)
