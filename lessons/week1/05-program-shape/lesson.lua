-- Lesson 1.5: Program shape.
return {
  id = "1.5",
  title = "Program shape: run, async with, async for",
  summary = "One entry point, what happens at exit, and the async "
         .. "versions of with and for",
  pages = {
    "pages/01-asyncio-run.md",
    "pages/02-async-with-and-for.md",
  },
  demos = {
    {
      id = "1.5-lifecycle",
      title = "Lifecycle of a run: main, leftovers, closing",
      script = "demos/run_lifecycle.lua",
      about = "Main starts a heartbeat task, reads a ticker and breaks "
           .. "out of it after three ticks. With closing on, the ticker's "
           .. "cleanup runs at the break (like aclosing). Off, it runs "
           .. "only when the generator is finalised: in asyncio later, "
           .. "at a moment you do not choose (at the latest in "
           .. "asyncio.run's shutdown); in this engine, which has no "
           .. "finaliser, never. When main returns (or raises), aio.run cancels the "
           .. "heartbeat that was left running, and its cleanup runs "
           .. "before aio.run comes back, exactly as asyncio.run does.",
      knobs = {
        { name = "leave", label = "leave a heartbeat running", value = 1,
          min = 0, max = 1, step = 1 },
        { name = "raise", label = "main raises", value = 0,
          min = 0, max = 1, step = 1 },
        { name = "aclosing", label = "close the ticker (aclosing)",
          value = 1, min = 0, max = 1, step = 1 },
      },
    },
  },
  exercises = { "exercises/1.5a", "exercises/1.5b" },
  quiz = "quiz.lua",
}
