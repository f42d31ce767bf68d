-- 50 clients x 20 lines through one server; every reply checked.
aio.run(function()
    local served = 0
    local srv = aio.start_server(function(r, w)
        while true do
            local line = r:readline()
            if line == "" then break end
            local a, b = line:match("(%d+) (%d+)")
            w:write(tostring(tonumber(a) + tonumber(b)) .. "\n")
        end
        served = served + 1
        w:close()
    end)
    local _, port = srv:sockname()
    local function client(id)
        local r, w = aio.open_connection("127.0.0.1", port)
        local sum = 0
        for i = 1, 20 do
            w:write(id .. " " .. i .. "\n")
            w:drain()
            local v = tonumber(r:readline())
            assert(v == id + i, "bad reply")
            sum = sum + v
        end
        w:close()
        w:wait_closed()
        return sum
    end
    local tasks = {}
    for id = 1, 50 do tasks[id] = aio.create_task(client, id) end
    local res = aio.gather(tasks)
    local total = 0
    for _, v in ipairs(res) do total = total + v end
    srv:close()
    srv:wait_closed()
    print("clients:", #res, "total:", total, "served:", served, "vtime:", aio.now())
end)
