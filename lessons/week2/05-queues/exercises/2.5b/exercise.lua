return {
  id = "2.5b",
  title = "Backpressure on a conveyor belt",
  kind = "lua",
  file = "belt.lua",
  statement = "README.md",
  hints = {
    "Look at when each put returns. With an unbounded queue the producer "
      .. "never waits, so all five puts happen at t = 0.",
    "aio.Queue(maxsize) makes put() wait while the queue holds maxsize "
      .. "items. The spec says the belt holds two.",
    "local q = aio.Queue(2). Keep the consumer as it is: sleep first, "
      .. "then get.",
  },
}
