return {
  id = "2.5b",
  title = "Backpressure on a conveyor belt",
  kind = "python",
  file = "belt.py",
  statement = "README.md",
  hints = {
    "Look at when each put returns. With an unbounded queue the producer "
      .. "never waits, so every put happens at t = 0 and the items pile up "
      .. "on the belt.",
    "asyncio.Queue(maxsize) makes `await q.put(x)` wait while the queue "
      .. "holds maxsize items, and wakes it the moment a get() frees a "
      .. "slot: no polling, no put_nowait.",
    "q = asyncio.Queue(maxsize), with the `maxsize` argument (not a "
      .. "number from the example). Keep the consumer as it is: work "
      .. "first, then get.",
  },
}
