return {
  id = "2.4c",
  title = "A start gate with asyncio.Event",
  kind = "python",
  file = "gate.py",
  statement = "README.md",
  hints = {
    "Two moments everybody waits for: the start (every runner waits, the "
      .. "caller signals) and the finish (the caller waits, the last "
      .. "runner signals).",
    "asyncio.Event(): `await ev.wait()` suspends until ev.set(), and "
      .. "returns at once when it is already set; set() wakes every "
      .. "waiter. Make the gate Event inside race (each race has its own), "
      .. "await it in the runner after \"ready\", and set it after "
      .. "\"gate open\". Never clear it: a late runner must find it open.",
    "For the finish: count the runners still out (left = len(runners)); "
      .. "after \"finish\", left -= 1 and if left == 0: finished.set(). "
      .. "The caller: await finished.wait(), then say(\"all done\"). "
      .. "(await asyncio.gather(*tasks) works as well.)",
  },
}
