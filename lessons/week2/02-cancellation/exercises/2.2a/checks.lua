-- Checks for 2.2a (python, conn_worker.py). Display order = list order.
return {
  check.out {
    name = "the worker ends cancelled, the connection back in the pool",
    points = 3,
    expect = "rows for q1\nq2 failed, retrying\nconnection released\n"
          .. "main: worker was cancelled\nworker cancelled: True\n"
          .. "free connections: 3\n",
    message = "main() cancels the worker at 2.5 s, in the middle of the "
           .. "retried q2. Expected: the connection released, then the "
           .. "worker cancelled (t.cancelled() True) with all 3 connections "
           .. "free. A second \"q2 failed, retrying\" means the bare "
           .. "except: caught the CancelledError: catch Exception instead. "
           .. "\"free connections: 2\" means the release is skipped on "
           .. "cancel: put it in finally:. \"worker cancelled: False\" "
           .. "means the cancellation was swallowed: re-raise it.",
  },
  check.vtime {
    name = "stops at 2.7 s (cancel plus the release)",
    points = 1, min = 2.7, max = 2.7,
    message = "The run took {measured} virtual seconds; expected 2.7: the "
           .. "cancel at 2.5 s, then 0.2 s to release the connection.",
  },
  {
    name = "no task left behind",
    points = 1,
    fn = function(run)
      local p = run.tasks_pending or {}
      local w = run.warnings or {}
      if #p > 0 then
        return false, "Still pending at the end: " .. tostring(p[1]), tostring(#p)
      end
      if #w > 0 then
        return false, "Python reported: " .. tostring(w[1]), tostring(#w)
      end
      return true
    end,
  },
  check.lint {
    name = "never swallows a cancellation",
    points = 1, rule = "LL003",
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
