return {
  id = "1.4c",
  title = "Report in completion order",
  kind = "python",
  file = "report.py",
  statement = "README.md",
  hints = {
    "gather hands you every result at once, when the slowest is done, "
      .. "in the order of names. You need to wake up each time any one "
      .. "task finishes.",
    "asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED) returns "
      .. "(done, pending) as soon as at least one task is done; "
      .. "asyncio.as_completed(...) gives you awaitables in the order they "
      .. "finish. Either way, keep the name with each task: "
      .. "create_task(fetch(name), name=name) and task.get_name().",
    "pending = {asyncio.create_task(fetch(n), name=n) for n in names}; "
      .. "while pending: done, pending = await asyncio.wait(pending, "
      .. "return_when=asyncio.FIRST_COMPLETED); for t in done: "
      .. "print(f\"{t.get_name()}: {t.result()}\").",
  },
}
