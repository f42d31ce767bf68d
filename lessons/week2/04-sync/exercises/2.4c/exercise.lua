return {
  id = "2.4c",
  title = "A start gate with aio.Event",
  kind = "lua",
  file = "gate.lua",
  statement = "README.md",
  hints = {
    "Two moments everybody waits for: the start (all workers wait, main "
      .. "signals) and the finish (main waits, the last worker signals).",
    "aio.Event(): ev:wait() suspends until ev:set(); set wakes every "
      .. "waiter. Use one event for the gate and one for the finish line, "
      .. "and a counter of workers still running.",
    "Workers: gate:wait() before \"go\"; after \"finish\", left = left - 1; "
      .. "if left == 0 then finished:set() end. Main: sleep(setup), emit, "
      .. "gate:set(), finished:wait(), emit(\"all done\").",
  },
}
