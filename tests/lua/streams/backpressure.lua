-- drain() blocks while more than 64 KiB is buffered and the peer does not
-- read; the peer starts reading at t=1 (virtual), so drain returns at 1.
aio.run(function()
    local total = 0
    local srv = aio.start_server(function(r, w)
        aio.sleep(1)
        while true do
            local chunk = r:read(65536)
            if chunk == "" then break end
            total = total + #chunk
        end
        print("server read", total, "bytes, done at", aio.now())
        w:close()
    end)
    local _, port = srv:sockname()
    local r, w = aio.open_connection("127.0.0.1", port)
    local block = string.rep("z", 1024 * 1024)
    for _ = 1, 4 do w:write(block) end
    print("wrote 4 MiB at", aio.now())
    w:drain()
    print("drain returned at", aio.now())
    w:close()
    w:wait_closed()
    srv:close()
    srv:wait_closed()
    print("total", total)
end)
