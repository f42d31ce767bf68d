-- Lesson 2.1: Timeouts.
return {
  id = "2.1",
  title = "Timeouts",
  summary = "wait_for, asyncio.timeout and wait(timeout=): who cancels, "
         .. "who raises, and when",
  pages = {
    "pages/01-wait-for-and-timeout.md",
    "pages/02-deadlines.md",
  },
  demos = {
    {
      id = "2.1-deadlines",
      title = "Deadline lanes: cancel, clean up, then TimeoutError",
      script = "demos/deadlines.lua",
      about = "Four requests, each under a per-item timeout, all under an "
           .. "overall deadline. When a deadline passes, the request is "
           .. "cancelled, its cleanup runs (watch the time it takes), and "
           .. "only then does the caller see TimeoutError. Lower the "
           .. "overall deadline and finished results survive while the "
           .. "rest is cut.",
      knobs = {
        { name = "per_item", label = "per-item timeout (s)", value = 2,
          min = 0.5, max = 6, step = 0.5 },
        { name = "overall", label = "overall deadline (s)", value = 5,
          min = 1, max = 8, step = 0.5 },
        { name = "cleanup", label = "cleanup time (s)", value = 0.5,
          min = 0, max = 2, step = 0.5 },
      },
    },
  },
  exercises = { "exercises/2.1a", "exercises/2.1b" },
  quiz = "quiz.lua",
}
