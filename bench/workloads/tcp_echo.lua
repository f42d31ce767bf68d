-- tcp_echo: loopback echo server (aio streams) + K = 100 clients, N
-- request/response 64-byte lines in total; client and server share the loop.
local n = math.tointeger(knobs.n) or 1000
local k = 100
local m = math.max(1, n // k)
local msg = string.rep("x", 63) .. "\n"

aio.run(function()
    local function handle(reader, writer)
        while true do
            local line = reader:readline()
            if line == "" then break end
            writer:write(line)
            writer:drain()
        end
        writer:close()
    end
    local server = aio.start_server(handle, "127.0.0.1", 0)
    local _, port = server:sockname()

    local function client()
        local r, w = aio.open_connection("127.0.0.1", port)
        for _ = 1, m do
            w:write(msg)
            w:drain()
            local resp = r:readline()
            assert(resp == msg, "bad echo")
        end
        w:close()
        w:wait_closed()
        return m
    end

    local t0 = aio.now()
    local tasks = {}
    for i = 1, k do tasks[i] = aio.create_task(client) end
    local done = aio.gather(tasks)
    local dt = aio.now() - t0
    server:close()
    server:wait_closed()
    local total = 0
    for _, c in ipairs(done) do total = total + c end
    assert(total == k * m)
    print(string.format("seconds=%.6f clients=%d msgs=%d msgs_per_s=%.0f",
                        dt, k, total, total / dt))
end)
