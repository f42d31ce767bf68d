return {
  id = "2.5c",
  title = "Stopping workers cleanly",
  kind = "python",
  file = "stop.py",
  statement = "README.md",
  hints = {
    "The workers wait in `await queue.get()` forever: nothing ends them "
      .. "unless you do. Decide when the work is over (queue.join()), "
      .. "then stop every worker and wait until each has stopped.",
    "Drain: `await queue.join()` returns once every item put has had its "
      .. "task_done(). Then cancel each worker and await "
      .. "asyncio.gather(*workers, return_exceptions=True), or put one "
      .. "None per worker and have the worker return on None. "
      .. "(Queue.shutdown() does this in Python 3.13; the grader runs "
      .. "3.11.)",
    "Immediate: first empty the queue: while not queue.empty(): "
      .. "queue.get_nowait(); queue.task_done(). Then do exactly what "
      .. "drain does: join() now waits only for the items the workers "
      .. "hold, and they finish them before they stop.",
  },
}
