-- switch: two tasks ping-pong via two Events, N round trips (2N switches).
local n = math.tointeger(knobs.n) or 1000

aio.run(function()
    local a, b = aio.Event(), aio.Event()
    local function ping()
        for _ = 1, n do
            a:set()
            b:wait()
            b:clear()
        end
    end
    local function pong()
        for _ = 1, n do
            a:wait()
            a:clear()
            b:set()
        end
    end
    local t0 = aio.now()
    aio.gather({ aio.create_task(pong), aio.create_task(ping) })
    local dt = aio.now() - t0
    print(string.format("seconds=%.6f ns_per_switch=%.0f", dt, dt / (2 * n) * 1e9))
end)
