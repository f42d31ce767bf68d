-- luacheck configuration for looplab content (`looplab dev lint` runs
-- luacheck with the nearest .luacheckrc when luacheck is installed).
-- Everything runs in looplab's sandbox: Lua 5.4, no io/os, plus the
-- globals below. docs/looplab.meta.lua documents them for LuaLS.
std = "lua54"
max_line_length = 100
codes = true

-- Demos, Lua exercises and quiz snippets: the engine's modules.
read_globals = { "aio", "threads", "procs", "lab", "knobs" }

files["**/checks.lua"] = { read_globals = { "aio", "check" } }
files["**/mutants/*.lua"] = { ignore = { "211", "212", "311" } }
files["docs/looplab.meta.lua"] = { globals = { "aio", "threads", "procs", "lab", "knobs", "check" },
                                   ignore = { "1", "2", "4" } }
-- Generated and third-party trees.
exclude_files = { "build/**", "build-*/**", "tests/diff/**" }
