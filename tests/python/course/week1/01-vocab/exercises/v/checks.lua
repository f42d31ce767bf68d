-- Every built-in check once; tests/python/test_checks.py grades mutants
-- of solution/sub.py and asserts which checks fail.
return {
  lab = {
    endpoints = { ["/slow"] = { latency = 2 }, ["/flaky"] = { status = { 500, 200 } } },
    max_concurrent = 5,
  },
  check.noerror { name = "noerror" },
  check.vtime { name = "vtime", min = 2, max = 2 },
  check.maxconc { name = "maxconc", tag = "http", eq = 3 },
  check.order { name = "order", expect = { "start", "end" } },
  check.out { name = "out", expect = "start\ncleanup\nend\n" },
  check.noblock { name = "noblock" },
  check.noleak { name = "noleak" },
  check.lint { name = "lint", rule = { "LL007", "LL014" } },
  check.result { name = "result", expect = { 1, 2, 3 } },
  check.cancel_ok { name = "cancel_ok", at = 1, cleanup = "cleanup" },
  check.threads_ok { name = "threads_ok", max = 0 },
  check.procs_ok { name = "procs_ok", max = 0 },
  { name = "plain", points = 2, hidden = true,
    fn = function(run) return run.lab.requests == 3, "lab requests: " .. tostring(run.lab.requests), tostring(run.lab.requests) end },
}
