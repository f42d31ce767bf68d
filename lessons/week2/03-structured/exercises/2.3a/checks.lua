-- Checks for 2.3a (python, group.py). Display order = list order.
return {
  check.out {
    name = "prints results, grouped failures and the cancelled",
    points = 3,
    expect = "{'a': '<a>', 'c': '<c>'}\ncancelled: []\n"
          .. "ValueError: ['b failed']\nConnectionError: ['d unreachable']\n"
          .. "cancelled: ['c', 'e']\n"
          .. "ConnectionError: ['f unreachable']\ncancelled: ['e']\n",
    message = "In the second batch b and d both fail at 2 s: both errors "
           .. "must be reported (except* ValueError, then except* "
           .. "ConnectionError), and c and e, still running, must be "
           .. "cancelled. An empty cancelled list means the other fetches "
           .. "were left running: gather does not cancel them, a "
           .. "TaskGroup does.",
  },
  check.vtime {
    name = "stops at the first failure (5.5 s in all)",
    points = 1, min = 5.5, max = 5.5,
    message = "The run took {measured} virtual seconds; expected 5.5 "
           .. "(3 s, then 2 s until b and d fail, then 0.5 s until f "
           .. "fails). Longer means fetch_all waited for the slow fetches "
           .. "after a failure.",
  },
  {
    name = "no task left behind",
    points = 1,
    fn = function(run)
      local p = run.tasks_pending or {}
      local w = run.warnings or {}
      if #p > 0 then
        return false, "Still pending when main() returned: "
          .. tostring(p[1]) .. ". A failed batch must not leave its other "
          .. "fetches running.", tostring(#p)
      end
      if #w > 0 then
        return false, "Python reported: " .. tostring(w[1]), tostring(#w)
      end
      return true
    end,
  },
  check.noerror {
    name = "runs without an exception",
    points = 1,
    message = "An error escaped report(). A TaskGroup raises an "
           .. "ExceptionGroup, which plain `except ValueError:` does not "
           .. "catch: use `except* ValueError as eg:`.",
  },
}
