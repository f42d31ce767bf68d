return {
  id = "2.4b",
  title = "limited_gather with a Semaphore",
  kind = "python",
  file = "limit.py",
  statement = "README.md",
  hints = {
    "gather starts everything at once. You need a counter of free slots "
      .. "that each coroutine takes before it runs and gives back when it "
      .. "ends, so the next waiting one can start at that moment.",
    "asyncio.Semaphore(limit), made inside limited_gather from its "
      .. "`limit` argument, is that counter: `async with sem:` waits for "
      .. "a free slot and gives it back on the way out, even when the "
      .. "coroutine raises. Do not catch the exception: the caller must "
      .. "see it.",
    "Wrap each coroutine: async def gated(coro): async with sem: return "
      .. "await coro -- then return await asyncio.gather(*(gated(c) for c "
      .. "in coros)). gather keeps the argument order, so never collect "
      .. "results as they finish or sort them.",
  },
}
