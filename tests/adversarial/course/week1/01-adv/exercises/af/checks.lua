-- SECRET-CHECKS-9f3 (a submission must never be able to read this file)
-- The target of tests/adversarial/forge/: every case runs an honest
-- program that fails all four (main returns 0, sleeps 2.5 s with a
-- blocking time.sleep, one request in flight) and tries one route to the
-- harness's own state to rewrite the summary. A PASS is a forgery.
return {
  time_limit = 5,
  check.result { name = "main returns 42", expect = 42 },
  check.vtime { name = "one virtual second", min = 1, max = 1 },
  check.noblock { name = "never blocks" },
  check.maxconc { name = "3 requests in flight", tag = "http", eq = 3 },
}
