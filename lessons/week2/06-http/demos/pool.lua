-- Demo 2.6-pool: a simulated HTTP client with a connection pool. A new
-- connection costs a handshake; a kept-alive one is reused for free. A
-- session per request throws the pool away every time.
local function num(v, d) return tonumber(v) or d end
local limit = math.max(1, math.tointeger(num(knobs and knobs.limit, 5)) or 5)
local shared = num(knobs and knobs.shared, 1) ~= 0
local latency = num(knobs and knobs.latency, 1)
local N, HANDSHAKE = 12, 0.3

local function stamp(fmt, ...)
  print(string.format("[%4.1fs] " .. fmt, aio.now(), ...))
end

local opened = 0

-- A session: a connector with `limit` slots and a list of idle
-- (kept-alive) connections.
local function Session()
  return { slots = aio.Semaphore(limit), idle = {}, n = 0 }
end

local function get(session, url)
  return session.slots:with(function()
    local conn = table.remove(session.idle)
    if conn == nil then
      opened = opened + 1
      conn = opened
      stamp("%s: new connection #%d (handshake %.1f s)", url, conn,
            HANDSHAKE)
      aio.sleep(HANDSHAKE)
    end
    aio.sleep(latency)
    session.idle[#session.idle + 1] = conn    -- keep-alive
    return conn
  end)
end

aio.run(function()
  stamp("%d requests, connector limit %d, %s, latency %.1f s", N, limit,
        shared and "one shared session" or "a session per request",
        latency)
  local session = Session()
  local ts = {}
  for i = 1, N do
    ts[i] = aio.create_task("request " .. i, function()
      local s = shared and session or Session()
      return get(s, "/page/" .. i)
    end)
  end
  aio.gather(ts)
  stamp("done: %d TCP connections opened for %d requests", opened, N)
end)
