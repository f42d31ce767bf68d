return {
  check.noerror { name = "noerror" },
  check.result { name = "result", call = "sum", args = { { 1, 2, 3 } }, expect = 6 },
  check.cancel_ok { name = "cancel_ok", call = "worker", at = 1, cleanup = "cleanup" },
  check.maxconc { name = "maxconc", max = 0 },
  check.vtime { name = "vtime_call", call = "wait3", eq = 3 },
  check.out { name = "out_call", call = "hello", expect = "hi\nthere\n" },
  check.order { name = "order_call", call = "hello", expect = { "hi", "there" } },
  check.lint { name = "lint", rule = "LL001" },
}
