-- Checks for 2.5a (python, pool.py). Display order = list order.
return {
  {
    name = "processes every item once, reports the bad one",
    points = 3,
    fn = function(run)
      local want = "processed: [0, 1, 4, 9, 16, 25, 36, 64, 81, 100, 121]\n"
                .. "failed: [7]\npeak: 3\n"
      local got = (run.out or ""):gsub("workers stopped:[^\n]*\n?", "")
      if got:gsub("%s+$", "") == want:gsub("%s+$", "") then return true end
      if run.status == "deadlock" or (run.error or ""):find("deadlock") then
        return false, "The run deadlocked in queue.join(): an item was "
          .. "taken with get() but never marked task_done(), because "
          .. "process() raised for item 7. Call task_done() in a "
          .. "finally: block, and record the failure.", "deadlock"
      end
      return false, "Expected the eleven squares, failed: [7] and peak: 3 "
        .. "(three workers busy at once). Got:\n" .. got, "output"
    end,
  },
  {
    name = "the workers are stopped before main returns",
    points = 2,
    fn = function(run)
      local out = run.out or ""
      local n = out:match("workers stopped: (%d+)")
      local p = run.tasks_pending or {}
      if n ~= "3" or #p > 0 then
        return false, "main printed \"workers stopped: " .. tostring(n)
          .. "\" and " .. #p .. " task(s) were still pending at the end. "
          .. "After join(), every worker is waiting in get(): cancel all "
          .. "three and await them (or put one sentinel per worker).",
          tostring(n)
      end
      return true
    end,
  },
  check.vtime {
    name = "three workers share the work: 4 virtual seconds",
    points = 1, min = 4, max = 4,
    message = "The run took {measured} virtual seconds; twelve items of "
           .. "1 s on three workers take 4.",
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
