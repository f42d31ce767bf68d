-- Checks for 2.1a (python, deadline.py). Display order = list order.
return {
  check.out {
    name = "prints both result maps and what was cancelled",
    points = 3,
    expect = "a=<a> b=timeout c=<c> d=timeout e=timeout f=<f>\n"
          .. "cancelled: ['b', 'd', 'e']\n"
          .. "a=<a> b=<b> e=timeout d=timeout\n"
          .. "cancelled: ['d', 'e']\n",
    message = "Each line lists every URL in the order given, with its body "
           .. "or \"timeout\". The cancelled list is filled by fetch() "
           .. "itself when a request is cut: if it is short, you cancelled "
           .. "the late requests but returned before they had finished "
           .. "cancelling (await them after cancel()). If finished bodies "
           .. "turn into \"timeout\", the overall deadline threw them away: "
           .. "use asyncio.wait(..., timeout=overall), which keeps them.",
  },
  check.vtime {
    name = "returns within the deadlines (5 s in all)",
    points = 2, max = 5.0, min = 5.0,
    message = "The run took {measured} virtual seconds; expected 5: the "
           .. "first call ends at 2 s (every request is done or cut at "
           .. "per_item = 2 s), the second at its overall deadline, 3 s.",
  },
  {
    name = "no request is left running",
    points = 1,
    fn = function(run)
      local p = run.tasks_pending or {}
      if #p > 0 then
        return false, "When main() returned, " .. #p .. " task(s) were "
          .. "still running (" .. tostring(p[1]) .. "). A request past "
          .. "its deadline must be cancelled, not left behind.",
          tostring(#p)
      end
      local w = run.warnings or {}
      if #w > 0 then
        return false, "Python reported: " .. tostring(w[1]), tostring(#w)
      end
      return true
    end,
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
