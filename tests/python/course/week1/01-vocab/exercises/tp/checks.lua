-- Thread-pool fixture: virtual time across pool workers, job events.
return {
  threads = "on",
  seeds = { 0, 1 },
  check.out { name = "out",
    expect = "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]\ntook 3.00 s\n" },
  check.vtime { name = "vtime", eq = 3 },
  check.threads_ok { name = "workers", workers_min = 4, workers_max = 4 },
  { name = "jobs", points = 1,
    fn = function(run)
      local starts, workers = 0, {}
      for _, e in ipairs(run.events) do
        if e.ev == "job_start" then
          starts = starts + 1
          workers[e.worker] = true
        end
      end
      local n = 0
      for _ in pairs(workers) do n = n + 1 end
      return starts == 10 and n == 4, ("%d job starts on %d workers"):format(starts, n)
    end },
}
