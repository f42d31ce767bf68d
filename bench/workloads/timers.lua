-- timers: N tasks, each sleeps a pseudo-random delay in (0, 10 ms]. Also
-- reports the mean and the minimum lateness (min_late_ms < 0 would mean a
-- timer fired early: it must never happen).
local n = math.tointeger(knobs.n) or 1000
math.randomseed(12345)
local delays = {}
for i = 1, n do delays[i] = (1.0 - math.random()) * 0.010 end

local fired, late_sum, late_min = 0, 0.0, math.huge

local function one(d)
    local due = aio.now() + d
    aio.sleep(d)
    local late = aio.now() - due
    late_sum = late_sum + late
    if late < late_min then late_min = late end
    fired = fired + 1
end

aio.run(function()
    local t0 = aio.now()
    local tasks = {}
    for i = 1, n do tasks[i] = aio.create_task(one, delays[i]) end
    aio.gather(tasks)
    local dt = aio.now() - t0
    assert(fired == n)
    print(string.format("seconds=%.6f mean_late_ms=%.3f min_late_ms=%.3f",
                        dt, late_sum / n * 1e3, late_min * 1e3))
end)
