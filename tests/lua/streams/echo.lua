-- Echo server and client in one program: lines, half close, EOF, close.
aio.run(function()
    local function handle(r, w)
        local host = w:get_extra_info("peername")
        print("server: client from", host)
        while true do
            local line = r:readline()
            if line == "" then break end
            w:write(line:upper())
            w:drain()
        end
        print("server: eof, at_eof =", r:at_eof())
        w:close()
    end
    local srv = aio.start_server(handle, "127.0.0.1", 0)
    local host, port = srv:sockname()
    print("listening on", host, port > 0, srv:is_serving())
    local r, w = aio.open_connection("127.0.0.1", port)
    for _, s in ipairs({ "hello\n", "world\n" }) do
        w:write(s)
        w:drain()
        local io_line = r:readline()
        print("echo:", (io_line:gsub("\n", "\\n")))
    end
    w:write("no newline")
    w:write_eof()
    print("read rest:", r:read(), "at_eof:", r:at_eof())
    print("read after eof:", "[" .. r:read() .. "]", "[" .. r:readline() .. "]")
    print("closing:", w:is_closing())
    w:close()
    print("closing:", w:is_closing())
    w:wait_closed()
    srv:close()
    srv:wait_closed()
    print("serving:", srv:is_serving(), "vtime:", aio.now())
end)
