-- spawn_gather: N tasks (all alive before any runs), each sleep(0) once and
-- returns i; gather; check the sum. Same as the peers' w_spawn_gather.
local n = math.tointeger(knobs.n) or 1000

local function one(i)
    aio.sleep(0)
    return i
end

aio.run(function()
    local t0 = aio.now()
    local tasks = {}
    for i = 0, n - 1 do
        tasks[i + 1] = aio.create_task(one, i)
    end
    local res = aio.gather(tasks)
    local dt = aio.now() - t0
    local s = 0
    for i = 1, #res do s = s + res[i] end
    assert(s == n * (n - 1) // 2, "bad sum")
    print(string.format("seconds=%.6f", dt))
end)
