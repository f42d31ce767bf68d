-- semaphore_fanout: N tasks through Semaphore(100), each sleep(0) while
-- holding it; the maximum concurrency is checked (<= 100).
local n = math.tointeger(knobs.n) or 1000

aio.run(function()
    local sem = aio.Semaphore(100)
    local cur, mx = 0, 0
    local function body()
        cur = cur + 1
        if cur > mx then mx = cur end
        aio.sleep(0)
        cur = cur - 1
    end
    local function one(i)
        sem:with(body)
        return i
    end
    local t0 = aio.now()
    local tasks = {}
    for i = 0, n - 1 do tasks[i + 1] = aio.create_task(one, i) end
    local res = aio.gather(tasks)
    local dt = aio.now() - t0
    local s = 0
    for i = 1, #res do s = s + res[i] end
    assert(s == n * (n - 1) // 2, "bad sum")
    assert(mx <= 100, "concurrency " .. mx .. " > 100")
    print(string.format("seconds=%.6f max_conc=%d", dt, mx))
end)
