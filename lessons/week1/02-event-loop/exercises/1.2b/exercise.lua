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
    "Use a heap (heapq) of (deadline, seq, task): deadline = now + "
      .. "seconds, where now is the scheduler's clock (a self.now that starts "
      .. "at 0 and moves to each deadline you sleep until, or "
      .. "time.monotonic()); seq comes from itertools.count(), so two equal "
      .. "deadlines never compare generators and keep their order.",
    "Each pass of run(): if the ready queue is empty, time.sleep until "
      .. "sleeping[0][0] and move the clock there; move every due task to "
      .. "ready; then step each ready task once with next(task), putting it back in ready "
      .. "(request None) or in the heap (request (\"sleep\", s)).",
  },
}
