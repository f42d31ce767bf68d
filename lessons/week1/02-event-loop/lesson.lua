-- Lesson 1.2: Build your own event loop.
return {
  id = "1.2",
  title = "Build your own event loop",
  summary = "A ready queue, a timer heap and a wait: the whole loop, "
         .. "then coroutines on top",
  pages = {
    "pages/01-queue-and-clock.md",
    "pages/02-coroutines-on-the-loop.md",
  },
  demos = {
    {
      id = "1.2-xray",
      title = "Scheduler X-ray: ready queue and timer heap",
      script = "demos/xray.lua",
      about = "A scheduler of a few lines runs tasks written as plain "
           .. "coroutines. After each pass it prints the ready queue and "
           .. "the timer heap as (deadline, seq, task). Every task sleeps "
           .. "the same time, so deadlines tie: with FIFO ties on, they "
           .. "wake in the order they went to sleep; turn it off and the "
           .. "order changes (CPython's heap does not promise FIFO). "
           .. "Turn on the blocking call and watch every task wait for it.",
      knobs = {
        { name = "tasks", label = "tasks", value = 3, min = 1, max = 4,
          step = 1 },
        { name = "nap", label = "sleep (s)", value = 1, min = 0.5,
          max = 3, step = 0.5 },
        { name = "fifo", label = "FIFO ties (1 on, 0 off)", value = 1,
          min = 0, max = 1, step = 1 },
        { name = "block", label = "blocking call in T1", value = 0,
          min = 0, max = 1, step = 1 },
      },
    },
  },
  exercises = { "exercises/1.2a", "exercises/1.2b" },
  quiz = "quiz.lua",
}
