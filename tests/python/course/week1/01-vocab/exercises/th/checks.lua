-- Thread-mode fixture (grader/python/README.md "Threads"): seeds x scenarios.
return {
  threads = "ops",
  seeds = { 0, 1, 2, 3 },
  scenarios = {
    { name = "four threads, 200 each" },
    { name = "three threads, 150 each", call = "count", args = { 3, 150 },
      data = { total = 450 } },
  },
  check.out { name = "nolost", expect = "counter = 800\n",
    scenarios = { "four threads, 200 each" },
    message = "The counter ended at {measured}, not 800: two threads read the "
      .. "same value and both wrote it back plus one. Hold a lock around the "
      .. "read and the write." },
  check.result { name = "count",
    expect = function(sc) return sc.data.total end,
    scenarios = { "three threads, 150 each" } },
  check.threads_ok { name = "threads", min = 4, max = 4,
    scenarios = { "four threads, 200 each" } },
  { name = "rows", points = 1,
    scenarios = { "four threads, 200 each" },
    fn = function(run)
      local rows = {}
      for _, e in ipairs(run.events) do
        if e.ev == "spawn" then rows[e.task] = e.name end
      end
      local n = 0
      for _ in pairs(rows) do n = n + 1 end
      local listed = #run.threads.list
      return n == 5 and listed == 4, ("%d thread rows, %d threads listed"):format(n, listed),
             tostring(n)
    end },
}
