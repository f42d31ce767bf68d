return {
  id = "1.2a",
  title = "A scheduler on a virtual clock",
  kind = "lua",
  optional = true,   -- an "engine room" extra: not required, not counted for competencies
  file = "scheduler.lua",
  statement = "README.md",
  hints = {
    "run() needs two sources of work: the ready queue (callbacks to run "
      .. "now) and the timers (callbacks for later). When the ready queue "
      .. "is empty, nothing can happen until the earliest timer, so move "
      .. "the clock straight there.",
    "spawn(fn) wraps fn in a coroutine and schedules a step() callback "
      .. "that resumes it. sleep(d) is just coroutine.yield(d); step() "
      .. "receives d from resume and reschedules itself with "
      .. "call_later(d, step).",
    "Store timers as { when = now + delay, seq = n, fn = fn } with n "
      .. "growing by one each call, and order them by when, then seq. A "
      .. "sorted insert into a list is fine for this size; a binary heap "
      .. "is what asyncio uses.",
  },
}
