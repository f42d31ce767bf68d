return {
  id = "1.3a",
  title = "Five requests as tasks",
  kind = "python",
  file = "replies.py",
  statement = "README.md",
  hints = {
    "`await request(i, seconds)` inside the loop waits for reply i "
      .. "before the loop sends request i + 1. What starts a coroutine "
      .. "without waiting for it?",
    "asyncio.create_task(request(i, seconds)) starts the request as a "
      .. "task and returns at once. Start all of them first and keep the "
      .. "tasks in a list; only then wait.",
    "After the loop that creates the tasks: for task in tasks: "
      .. "replies.append(await task). Awaiting in list order gives request "
      .. "order, and every task is awaited before fetch_all returns.",
  },
}
