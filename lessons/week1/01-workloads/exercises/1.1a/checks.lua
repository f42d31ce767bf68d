-- Checks for 1.1a (python, downloads.py). Display order = list order.
return {
  check.out {
    name = "prints the pages in order a, b, c, then the total",
    points = 1,
    expect = "page a (2 s)\npage b (1 s)\npage c (3 s)\ntotal: 3 pages\n",
    message = "The output must be the same four lines as the starter's, "
           .. "in the same order: page a, page b, page c, then the total. "
           .. "If b comes first, you are printing each page when it "
           .. "finishes; print from gather's result list instead (it "
           .. "keeps argument order).",
  },
  check.vtime {
    name = "finishes in 3 virtual seconds",
    points = 2, min = 3.0, max = 3.0,
    message = "Your program took {measured} virtual seconds; it should "
           .. "take exactly 3. The waits are 2, 1 and 3 s: one after "
           .. "another they add up to 6 s, but they can all be in flight "
           .. "at once, and then the total is the longest wait, 3 s. "
           .. "Less than 3 s means fetch() no longer waits: leave fetch() "
           .. "and PAGES as they were.",
  },
  check.noblock {
    name = "never blocks the event loop",
    points = 1,
    message = "A blocking call such as time.sleep() stops the whole event "
           .. "loop, so no other task can run while it waits. Inside "
           .. "async code, wait with `await asyncio.sleep(...)` instead.",
  },
  check.noerror {
    name = "runs without an exception",
    points = 1,
  },
}
