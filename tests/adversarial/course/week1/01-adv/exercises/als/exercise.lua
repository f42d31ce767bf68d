return { id = "als", title = "lua shared-state target", kind = "lua", file = "sub.lua" }
