-- Lesson 1.1: Workloads and the three models.
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
    {
      id = "1.1-kitchens",
      title = "Three kitchens: one job, four ways",
      script = "demos/kitchens.lua",
      about = "The same job, n items that each wait io_ms and then work "
           .. "cpu_ms, runs four ways: one cook in turn, aio tasks on one "
           .. "thread, a thread pool and a process pool. Waiting overlaps "
           .. "in all three concurrent kitchens; working overlaps only "
           .. "where two things can really run at once: threads with the "
           .. "GIL off, or processes. Turn cpu_ms to 0 and aio wins; turn "
           .. "io_ms to 0 and only the process pool (or GIL-off threads) "
           .. "beats the single cook. Times are real and vary with the "
           .. "machine; the ranking does not.",
      knobs = {
        { name = "n", label = "items", value = 4, min = 1, max = 8, step = 1 },
        { name = "io_ms", label = "waiting (ms)", value = 60, min = 0,
          max = 200, step = 20 },
        { name = "cpu_ms", label = "working (ms)", value = 30, min = 0,
          max = 100, step = 10 },
        { name = "pool", label = "pool size", value = 2, min = 1, max = 4,
          step = 1 },
        { name = "gil", label = "GIL (1 on, 0 off)", value = 1, min = 0,
          max = 1, step = 1 },
      },
    },
  },
  exercises = { "exercises/1.1a", "exercises/1.1b" },
  quiz = "quiz.lua",
}
