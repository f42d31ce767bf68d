return {
  id = "2.1a",
  title = "Per-item and overall deadlines",
  kind = "python",
  file = "deadline.py",
  statement = "README.md",
  hints = {
    "Start every request at once (tasks), then think of two limits: one "
      .. "around each request (per_item), and one on how long you wait "
      .. "for the whole batch (overall). What happens to the bodies that "
      .. "already arrived when the overall limit is a timeout around "
      .. "gather?",
    "Per request: a small helper coroutine with asyncio.wait_for(fetch(url), "
      .. "per_item) (or async with asyncio.timeout(per_item)) that returns "
      .. "\"timeout\" instead of raising. For the batch: asyncio.wait(tasks, "
      .. "timeout=overall) returns (done, pending) and keeps the finished "
      .. "tasks' results.",
    "After wait: call t.cancel() on every pending task, then await "
      .. "asyncio.gather(*pending, return_exceptions=True) so their "
      .. "cancellation has finished. Build the dict in urls order: "
      .. "\"timeout\" if t.cancelled() else t.result().",
  },
}
