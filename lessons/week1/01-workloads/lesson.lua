-- Lesson 1.1: Workloads and the three models (CURRICULUM.md L1.1).
return {
  id = "1.1",
  title = "Workloads and the three models",
  summary = "Waiting vs working: measure where time goes, then pick "
         .. "asyncio, threads or processes",
  pages = {
    "pages/01-where-time-goes.md",
    "pages/02-three-models.md",
  },
  demos = {
    {
      id = "1.1-sleepers",
      title = "Sleepers: one after another, then together",
      script = "demos/sleepers.lua",
      about = "Each sleeper only waits, the way a network call does. "
           .. "First the main task starts one sleeper and waits for it "
           .. "before starting the next, so the total is the sum of the "
           .. "waits. Then it starts them all and gathers them: the "
           .. "waits overlap on one thread, and the total is the longest "
           .. "single wait. Add tasks with the knob and watch the first "
           .. "total grow while the second stays at 3 seconds.",
      knobs = {
        { name = "n", label = "tasks", value = 3, min = 1, max = 6, step = 1 },
      },
    },
  },
  exercises = { "exercises/1.1a", "exercises/1.1b" },
  quiz = "quiz.lua",
}
