-- Demo 1.5-lifecycle: the phases of aio.run (asyncio.run): main runs,
-- main returns or raises, leftover tasks are cancelled (their cleanup
-- runs), and an iterator we broke out of is closed, or not.
local function flag(v, d)
  v = math.tointeger(tonumber(v)) or d
  return v ~= 0
end
local leave = flag(knobs and knobs.leave, 1)
local raise = flag(knobs and knobs.raise, 0)
local close_it = flag(knobs and knobs.aclosing, 1)

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

-- The Lua shape of an async generator: an iterator function that waits,
-- plus a closing value that the generic for closes when the loop ends,
-- even on break (like `async with aclosing(gen)`).
local function ticker(n, period, closeable)
  local i = -1
  local closer = setmetatable({}, { __close = function()
    aio.sleep(0.2)
    stamp("ticker: closed (its cleanup ran)")
  end })
  local function nxt()
    if i + 1 >= n then return nil end
    aio.sleep(period)
    i = i + 1
    return i
  end
  if closeable then return nxt, nil, nil, closer end
  return nxt
end

local function heartbeat()
  local ok, err = pcall(function()
    while true do
      aio.sleep(0.5)
      stamp("heartbeat")
    end
  end)
  stamp("heartbeat: cleanup after %s", tostring(err))
  error(err, 0)
end

local function main()
  stamp("phase 1: main starts")
  if leave then
    aio.create_task("heartbeat", heartbeat)
  end
  for x in ticker(5, 0.4, close_it) do
    stamp("tick %d", x)
    if x == 2 then
      stamp("break out of the ticker loop")
      break
    end
  end
  if not close_it then
    stamp("ticker was not closed: aio never runs its cleanup")
    stamp("(asyncio would, later, when the generator is finalised)")
  end
  if raise then
    stamp("phase 2: main raises")
    error("main failed", 0)
  end
  stamp("phase 2: main returns")
  return "ok"
end

local ok, res = pcall(aio.run, main)
print(string.format("phase 3: aio.run %s: %s",
                    ok and "returned" or "raised", tostring(res)))
print("(leftover tasks were cancelled before aio.run came back)")
