return {
  id = "1.2b",
  title = "A generator scheduler",
  kind = "python",
  file = "gensched.py",
  statement = "README.md",
  hints = {
    "A sleeping task must not be in the ready queue. Keep it aside, with "
      .. "the time it wants to wake up, and only put it back when that "
      .. "time has come.",
    "Use a heap (heapq) of (deadline, seq, task) where deadline is "
      .. "time.monotonic() + seconds and seq comes from itertools.count(), "
      .. "so two equal deadlines never compare generators. When nothing "
      .. "is ready, time.sleep until the first deadline.",
    "Each pass of run(): if the ready queue is empty, sleep until "
      .. "sleeping[0][0]; move every due task to ready; then step each "
      .. "ready task once with next(task), putting it back in ready "
      .. "(request None) or in the heap (request (\"sleep\", s)).",
  },
}
