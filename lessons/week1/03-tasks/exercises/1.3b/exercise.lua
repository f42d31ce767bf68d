return {
  id = "1.3b",
  title = "Fix a broken main()",
  kind = "python",
  file = "broken_main.py",
  statement = "README.md",
  hints = {
    "Run it and read the warning Python prints: one coroutine is created "
      .. "and never awaited. Then count the seconds: what waits for what?",
    "Three bugs: announce(...) needs await; the fetches can run together "
      .. "with asyncio.gather over range(ITEMS); and the save_stats task "
      .. "must be kept in a variable and awaited before main() returns.",
    "await announce(\"start\"); stats = asyncio.create_task(save_stats()); "
      .. "results = await asyncio.gather(*(fetch(i) for i in "
      .. "range(ITEMS))); print the results; await stats; print(\"done\").",
  },
}
