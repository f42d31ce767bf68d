return { id = "vl", title = "lua vocabulary", kind = "lua", file = "sub.lua" }
