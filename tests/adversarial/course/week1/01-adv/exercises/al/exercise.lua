return { id = "al", title = "lua sandbox target", kind = "lua", file = "sub.lua" }
