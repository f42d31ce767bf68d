-- Checks for 2.4b (python, limit.py). Display order = list order.
return {
  check.out {
    name = "prints the results in order and a peak equal to the limit",
    points = 3,
    expect = "[0, 10, 20, 30, 40, 50, 60, 70, 80, 90]\npeak: 3\n"
          .. "[0, 10, 20, 30, 40, 50]\npeak: 2\n",
    message = "Results must come back in argument order (like gather), "
           .. "and io() must see exactly `limit` calls in flight at the "
           .. "peak: 3, then 2. A higher peak means the limit is not "
           .. "enforced; a lower one means the calls were serialised. "
           .. "Results out of order mean you collected them as they "
           .. "finished.",
  },
  check.vtime {
    name = "keeps every slot busy: 6.5 virtual seconds",
    points = 2, min = 6.5, max = 6.5,
    message = "The run took {measured} virtual seconds; expected 6.5 (5 s "
           .. "for the ten calls under a limit of 3, 1.5 s for the six "
           .. "under a limit of 2). Waiting for a whole batch before "
           .. "starting the next leaves slots idle behind the slowest "
           .. "call; a Semaphore starts the next call as soon as any slot "
           .. "frees up.",
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
