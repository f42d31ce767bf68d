return {
  id = "1.1b",
  title = "Classify the workload, then overlap the waits",
  kind = "lua",
  file = "classify.lua",
  statement = "README.md",
  hints = {
    "classify: add up cpu and io over all the jobs first, then compute "
      .. "one share for the whole list: cpu / (io + cpu). Check for a zero "
      .. "total before you divide.",
    "The edges belong to \"mixed\": only a share strictly below 0.3 is "
      .. "\"io\" and only a share strictly above 0.7 is \"cpu\". "
      .. "run_io: aio.sleep inside a for loop waits for each job in turn; "
      .. "create one task per job first, then wait for all of them.",
    "run_io: tasks[i] = aio.create_task(\"job \" .. i, wait_one, job) "
      .. "where wait_one sleeps job.io and returns true; then "
      .. "local results = aio.gather(tasks) and count the true results.",
  },
}
