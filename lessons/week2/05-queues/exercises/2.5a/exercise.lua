return {
  id = "2.5a",
  title = "Fix the worker pool",
  kind = "python",
  file = "pool.py",
  statement = "README.md",
  hints = {
    "Run it: item 7 makes process() raise and kills a worker (see the "
      .. "\"never retrieved\" message), and run_pool just sleeps 5 s "
      .. "hoping the work is done. queue.join() waits exactly as long as "
      .. "needed, if every get() is matched by a task_done().",
    "In worker: wrap the processing in try / except ValueError (record "
      .. "the item in failed) / finally: queue.task_done(). That keeps the "
      .. "worker alive and the count right.",
    "Replace the sleep with await queue.join(); then: for w in workers: "
      .. "w.cancel(), then await asyncio.gather(*workers, "
      .. "return_exceptions=True). (Or put one None per worker, have the "
      .. "worker return when it gets None, and gather them.) "
      .. "Queue.shutdown() does this in Python 3.13, not in 3.11.",
  },
}
