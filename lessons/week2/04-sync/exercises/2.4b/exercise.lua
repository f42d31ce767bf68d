return {
  id = "2.4b",
  title = "limited_gather with a Semaphore",
  kind = "python",
  file = "limit.py",
  statement = "README.md",
  hints = {
    "gather starts everything at once. You need a counter of free slots "
      .. "that a coroutine takes before its work and gives back after.",
    "asyncio.Semaphore(limit) is that counter: `async with sem:` waits "
      .. "for a free slot and releases it on the way out, even on errors.",
    "Wrap each coroutine: async def gated(coro): async with sem: return "
      .. "await coro -- then return await asyncio.gather(*(gated(c) for c "
      .. "in coros)). gather keeps the argument order.",
  },
}
