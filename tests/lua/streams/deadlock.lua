-- Both ends wait to read: nothing can ever arrive. The virtual loop
-- reports a deadlock instead of hanging.
aio.run(function()
    local srv = aio.start_server(function(r, w) r:readline() end)
    local _, port = srv:sockname()
    local r, w = aio.open_connection("127.0.0.1", port)
    r:readline()
end)
