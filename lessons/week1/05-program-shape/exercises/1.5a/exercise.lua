return {
  id = "1.5a",
  title = "A ticker and a timer",
  kind = "python",
  file = "ticker.py",
  statement = "README.md",
  hints = {
    "An async def with a yield inside is an async generator: it can "
      .. "await between the values it yields. Timer needs the loop's "
      .. "clock at the start of the block and at the end.",
    "In ticker: for i in range(n): await asyncio.sleep(period); yield i "
      .. "-- wrapped in try/finally with the print in the finally. In "
      .. "Timer: self.start = asyncio.get_running_loop().time() in "
      .. "__aenter__.",
    "__aexit__: self.elapsed = asyncio.get_running_loop().time() - "
      .. "self.start, and return False so errors are not swallowed. In "
      .. "ticker, print in finally: and catch nothing: a break (through "
      .. "aclosing) and a cancel both end the generator through finally.",
  },
}
