-- Checks for 1.2b (python, gensched.py). Display order = list order.
return {
  check.out {
    name = "prints both workloads in scheduler order",
    points = 2,
    expect = "round robin:\nA 0\nB 0\nA 1\nB 1\nA 2\nsleepers:\n"
          .. "slow: start\nfast: start\ntick 0\ntick 1\nfast: end\n"
          .. "tick 2\nslow: end\n",
    message = "The lines are not in the order a scheduler with sleeping "
           .. "tasks would print them. A task that yields (\"sleep\", d) "
           .. "must be set aside until its deadline while the others keep "
           .. "running; a task that yields None goes to the back of the "
           .. "ready queue.",
  },
  check.vtime {
    name = "sleeps as long as the tasks ask (2.25 s)",
    points = 1, min = 2.2, max = 2.3,
    message = "The run took {measured} virtual seconds; the sleepers "
           .. "workload needs 2.25 s (the ticker sleeps 0.75 s three "
           .. "times). Less means sleep requests are ignored; more means "
           .. "the waits do not overlap (a time.sleep per request).",
  },
  {
    name = "runs on your scheduler, not on asyncio",
    points = 1,
    fn = function(run)
      for _, e in ipairs(run.events or {}) do
        if e.ev == "spawn" or e.ev == "run" then
          return false, "An asyncio task ran (" .. tostring(e.name)
            .. "). The point is to build the loop yourself: drive the "
            .. "generators with next() from your own run() method.",
            tostring(e.name)
        end
      end
      return true
    end,
  },
  -- no event loop here: "runs" means the file ran to its end (main = false)
  check.noerror { name = "runs without an exception", points = 1, main = false },
}
