return {
  id = "1.1b",
  title = "Classify the workload, then overlap the waits",
  kind = "python",
  file = "classify.py",
  statement = "README.md",
  hints = {
    "classify: add up cpu and io over all the jobs first, then compute "
      .. "one share for the whole list: cpu / (io + cpu). Check for a zero "
      .. "total before you divide (an empty list has one too).",
    "The edges belong to \"mixed\": only a share strictly below 0.3 is "
      .. "\"io\" and only a share strictly above 0.7 is \"cpu\". "
      .. "run_io: an `await` inside the for loop waits for each job in "
      .. "turn; start every wait first, then wait for all of them.",
    "run_io: done = await asyncio.gather(*(asyncio.sleep(job[\"io\"]) "
      .. "for job in jobs)), then return len(done). gather runs each "
      .. "sleep in a task of its own, so the waits overlap.",
  },
}
