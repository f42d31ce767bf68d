return {
  id = "2.1b",
  title = "A heartbeat watchdog",
  kind = "lua",
  file = "watchdog.lua",
  statement = "README.md",
  hints = {
    "One deadline, moved forward every time a heartbeat arrives. Which "
      .. "aio call gives you a deadline object you can move?",
    "aio.timeout(silence, function(cm) ... end) calls your function with "
      .. "the Timeout object cm; cm:reschedule(when) moves the deadline "
      .. "to the absolute loop time `when`. At expiry, aio.timeout raises "
      .. "TimeoutError.",
    "Wrap it in pcall: local ok, r = pcall(aio.timeout, silence, fn). "
      .. "Inside fn: loop; if not next_beat() then return \"closed\" end; "
      .. "emit(\"beat\"); cm:reschedule(aio.now() + silence). Outside: "
      .. "aio.iserror(r, \"TimeoutError\") means silent.",
  },
}
