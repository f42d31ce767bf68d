-- timers_cb: N bare aio.call_later callbacks (no tasks), same delays as
-- timers: the timer heap alone.
local n = math.tointeger(knobs.n) or 1000
math.randomseed(12345)
local delays = {}
for i = 1, n do delays[i] = (1.0 - math.random()) * 0.010 end

aio.run(function()
    local done = aio.Future()
    local fired = 0
    local function cb()
        fired = fired + 1
        if fired == n then done:set_result(nil) end
    end
    local t0 = aio.now()
    for i = 1, n do aio.call_later(delays[i], cb) end
    done:await()
    local dt = aio.now() - t0
    print(string.format("seconds=%.6f over_floor_ms=%.3f", dt, (dt - 0.010) * 1e3))
end)
