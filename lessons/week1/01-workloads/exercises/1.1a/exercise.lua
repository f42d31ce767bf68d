return {
  id = "1.1a",
  title = "Three downloads at once",
  kind = "python",
  file = "downloads.py",
  statement = "README.md",
  hints = {
    "Each `await fetch(...)` in the loop finishes before the next one "
      .. "starts, so the waits add up: 2 + 1 + 3 = 6 s. How could all "
      .. "the downloads be waiting at the same time?",
    "asyncio.gather(aw1, aw2, ...) runs its awaitables concurrently and "
      .. "returns their results as a list in argument order, not in the "
      .. "order they finish. Print from that list, after the gather. "
      .. "Build the calls from PAGES: the checks use other lists too.",
    "pages = await asyncio.gather(*(fetch(name, seconds) for name, "
      .. "seconds in PAGES)), then print each page in a loop, then the "
      .. "total line unchanged.",
  },
}
