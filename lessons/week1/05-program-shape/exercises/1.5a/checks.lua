-- Checks for 1.5a (python, ticker.py). Display order = list order.
return {
  check.out {
    name = "prints the ticks, closes, and times them",
    points = 3,
    expect = "ticker closed\n[0, 1, 2]\nelapsed: 3.0 s\ntick 0\ntick 1\n"
          .. "tick 2\nticker closed\nstopped early after 1.5 s\n",
    message = "ticker(n, period) must wait first and then yield (so three "
           .. "ticks of 1 s take 3 s), and print \"ticker closed\" in a "
           .. "finally: block, so it also runs when aclosing() closes the "
           .. "generator after the consumer's break. Timer.elapsed is the "
           .. "loop time between __aenter__ and __aexit__.",
  },
  check.vtime {
    name = "the whole run takes 4.5 virtual seconds",
    points = 1, min = 4.5, max = 4.5,
    message = "The run took {measured} virtual seconds; expected 4.5: "
           .. "3 s for ticker(3, 1), then 1.5 s for three ticks of 0.5 s.",
  },
  check.noblock {
    name = "never blocks the event loop",
    points = 1,
    message = "Inside an async generator, wait with "
           .. "`await asyncio.sleep(...)`, never time.sleep().",
  },
  check.lint {
    name = "asyncio.run is the only entry point",
    points = 1, rule = { "LL005", "LL013", "LL024" },
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
