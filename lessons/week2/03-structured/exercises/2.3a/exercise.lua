return {
  id = "2.3a",
  title = "From gather to TaskGroup",
  kind = "python",
  file = "group.py",
  statement = "README.md",
  hints = {
    "gather raises the first error and leaves the other fetches running, "
      .. "so nothing lands in the cancelled list. Which tool cancels the "
      .. "siblings when one child fails, and waits for them?",
    "async with asyncio.TaskGroup() as tg: tasks = {n: tg.create_task("
      .. "fetch(n)) for n in names}. After the block, every task is done; "
      .. "read t.result(). Failures come out as one ExceptionGroup, which "
      .. "`except ValueError:` does not catch.",
    "In report: try: results = await fetch_all(names) / except* "
      .. "ValueError as eg: print(\"ValueError:\", sorted(str(e) for e in "
      .. "eg.exceptions)) / except* ConnectionError as eg: ... / else: "
      .. "print(results).",
  },
}
