return {
  id = "1.5b",
  title = "An always-closing with_resource",
  kind = "lua",
  file = "resource.lua",
  statement = "README.md",
  hints = {
    "If body(res) raises, or the task is cancelled while the body waits, "
      .. "the line after it never runs. What catches an error in Lua "
      .. "without stopping the function?",
    "pcall works across awaits in aio: local ok, e = pcall(body, res) "
      .. "catches the body's error and a CancelledError alike. Close "
      .. "after it, in every case, then decide what to do with ok.",
    "local out = table.pack(pcall(body, res)); close_fn(res); if not "
      .. "out[1] then error(out[2], 0) end; return table.unpack(out, 2, "
      .. "out.n). Leave open_fn() outside the pcall.",
  },
}
