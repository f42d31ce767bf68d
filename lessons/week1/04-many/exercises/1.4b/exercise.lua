return {
  id = "1.4b",
  title = "First good mirror wins",
  kind = "python",
  file = "mirrors.py",
  statement = "README.md",
  hints = {
    "Trying mirrors one by one costs the sum of their times. Start them "
      .. "all as tasks, then react to each one as it finishes.",
    "asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED) returns "
      .. "(done, pending) as soon as at least one task is done. Loop on "
      .. "it; a done task with t.exception() None is a winner.",
    "When you have a winner (or in a finally:), call t.cancel() on every "
      .. "pending task and await asyncio.gather(*pending, "
      .. "return_exceptions=True) so they really end before you return.",
  },
}
