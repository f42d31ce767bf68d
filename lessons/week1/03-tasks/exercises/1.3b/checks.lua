-- Checks for 1.3b (python, broken_main.py). Display order = list order.
return {
  check.out {
    name = "prints start, the items, stats saved, done",
    points = 1,
    expect = "start\nitem 0\nitem 1\nitem 2\nstats saved\ndone\n",
    message = "Expected six lines: start, item 0..2, stats saved, done. "
           .. "A missing 'start' means announce() was called but never "
           .. "awaited; a missing 'stats saved' means main() returned "
           .. "before the background task finished.",
  },
  check.vtime {
    name = "finishes in 1.5 virtual seconds",
    points = 2, min = 1.5, max = 1.5,
    message = "The run took {measured} virtual seconds; expected 1.5. The "
           .. "three fetches can wait together (1 s), and save_stats "
           .. "(1.5 s) runs alongside them. Awaiting the fetches one by "
           .. "one takes 3 s.",
  },
  {
    name = "no task or coroutine is left behind",
    points = 2,
    fn = function(run)
      local w = run.warnings or {}
      if #w > 0 then
        return false, "Python reported: " .. tostring(w[1])
          .. "\nEvery coroutine you create must be awaited (or wrapped "
          .. "in a task that is).", tostring(#w)
      end
      local p = run.tasks_pending or {}
      if #p > 0 then
        return false, "When main() returned, the task " .. tostring(p[1])
          .. " was still pending, and asyncio.run cancelled it. Keep a "
          .. "reference to every task you create and await it before "
          .. "main() ends.", tostring(#p)
      end
      return true, nil, "0"
    end,
  },
  check.lint {
    name = "no fire-and-forget task, no ensure_future",
    points = 1, rule = { "LL007", "LL014" },
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
