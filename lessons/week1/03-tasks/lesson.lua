-- Lesson 1.3: Coroutines, tasks and futures.
return {
  id = "1.3",
  title = "Coroutines, tasks and futures",
  summary = "What runs when: coroutine objects, create_task, futures, "
         .. "and who owns a task",
  pages = {
    "pages/01-coroutines-and-tasks.md",
    "pages/02-futures-and-references.md",
  },
  demos = {
    {
      id = "1.3-lifecycle",
      title = "Task lifecycle: created, running, waiting, done",
      script = "demos/lifecycle.lua",
      about = "Main creates three tasks. Watch that none of them runs "
           .. "until main gives control back: at its first await that "
           .. "has to wait, or at once with sleep(0). With 'await' on, main awaits each task "
           .. "and sees its result or its error. With it off, main walks "
           .. "away: the unfinished tasks are cancelled when the run ends, "
           .. "and with 'fail' on, an error nobody retrieved is reported "
           .. "at the end.",
      knobs = {
        { name = "await", label = "await the tasks (1/0)", value = 1,
          min = 0, max = 1, step = 1 },
        { name = "sleep0", label = "sleep(0) after creating", value = 0,
          min = 0, max = 1, step = 1 },
        { name = "fail", label = "job C fails (1/0)", value = 0,
          min = 0, max = 1, step = 1 },
      },
    },
  },
  exercises = { "exercises/1.3a", "exercises/1.3b" },
  quiz = "quiz.lua",
}
