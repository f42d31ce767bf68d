return {
  id = "2.1a",
  title = "Per-item and overall deadlines",
  kind = "python",
  file = "deadline.py",
  statement = "README.md",
  hints = {
    "Two limits: one around each request (per_item) and one around the "
      .. "whole call (overall). The per-item one can be wait_for or "
      .. "asyncio.timeout inside a small helper coroutine that returns "
      .. "\"timeout\" instead of raising.",
    "For the overall limit use asyncio.wait(tasks, timeout=overall): it "
      .. "keeps the finished tasks' results. A timeout around gather would "
      .. "cancel the gather and lose them.",
    "After wait: cancel every pending task, then await asyncio.gather("
      .. "*pending, return_exceptions=True) so their cancellation has "
      .. "finished. Build the dict in urls order: \"timeout\" if "
      .. "t.cancelled() else t.result().",
  },
}
