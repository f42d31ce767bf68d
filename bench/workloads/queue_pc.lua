-- queue_pc: 1 producer -> Queue(maxsize=100) -> 4 consumers, N items; the
-- sum and the count are checked.
local n = math.tointeger(knobs.n) or 1000
local ncons = 4

aio.run(function()
    local q = aio.Queue(100)
    local function producer()
        for i = 0, n - 1 do q:put(i) end
        for _ = 1, ncons do q:put(false) end
    end
    local function consumer()
        local s, c = 0, 0
        while true do
            local x = q:get()
            if x == false then return { s, c } end
            s = s + x
            c = c + 1
        end
    end
    local t0 = aio.now()
    local cons = {}
    for i = 1, ncons do cons[i] = aio.create_task(consumer) end
    local prod = aio.create_task(producer)
    local res = aio.gather(cons)
    prod:await()
    local dt = aio.now() - t0
    local s, c = 0, 0
    for _, r in ipairs(res) do s = s + r[1]; c = c + r[2] end
    assert(s == n * (n - 1) // 2 and c == n, "bad sum")
    print(string.format("seconds=%.6f items_per_s=%.0f", dt, n / dt))
end)
