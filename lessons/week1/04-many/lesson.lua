-- Lesson 1.4: Running many things.
return {
  id = "1.4",
  title = "Many at once: gather, wait, as_completed",
  summary = "Fan out, then collect: all results in order, or each one "
         .. "as it arrives",
  pages = {
    "pages/01-gather.md",
    "pages/02-wait-and-as-completed.md",
  },
  demos = {
    {
      id = "1.4-fanout",
      title = "Fan-out board: when does each caller resume?",
      script = "demos/fanout.lua",
      about = "Five jobs with different durations, collected three ways. "
           .. "gather resumes once, when the slowest job is done, with the "
           .. "results in argument order. wait(FIRST_COMPLETED) in a loop "
           .. "and as_completed resume once per job, fastest first. Make "
           .. "a job fail: plain gather raises at that moment while the "
           .. "other jobs keep running; with return_exceptions the error "
           .. "sits in its slot. A wait timeout returns early and cancels "
           .. "nothing.",
      knobs = {
        { name = "fail", label = "failing job (0 = none)", value = 0,
          min = 0, max = 5, step = 1 },
        { name = "return_exceptions", label = "return_exceptions (1/0)",
          value = 0, min = 0, max = 1, step = 1 },
        { name = "timeout", label = "wait timeout (0 = none)", value = 0,
          min = 0, max = 4, step = 0.5 },
      },
    },
  },
  exercises = { "exercises/1.4a", "exercises/1.4b", "exercises/1.4c" },
  quiz = "quiz.lua",
}
