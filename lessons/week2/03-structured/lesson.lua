-- Lesson 2.3: Structured concurrency, error handling.
return {
  id = "2.3",
  title = "Structured concurrency and error handling",
  summary = "TaskGroup: every task has an owner, one failure stops the "
         .. "group, and except* sorts the errors",
  pages = {
    "pages/01-taskgroup.md",
    "pages/02-except-star.md",
  },
  demos = {
    {
      id = "2.3-blast",
      title = "Blast radius: gather vs TaskGroup",
      script = "demos/blast.lua",
      about = "Three children, one of which fails. Under plain gather the "
           .. "caller gets the error at once and the siblings keep "
           .. "running to the end. With return_exceptions everyone "
           .. "finishes and the error sits in its slot. Under a TaskGroup "
           .. "the siblings are cancelled the moment the child fails, and "
           .. "the errors come out as one ExceptionGroup. Add a second "
           .. "failure at the same time to see both in the group.",
      knobs = {
        { name = "fail", label = "failing child", value = 2, min = 1,
          max = 3, step = 1 },
        { name = "at", label = "fails at (s)", value = 1, min = 0.5,
          max = 3.5, step = 0.5 },
        { name = "second", label = "a second child fails too", value = 0,
          min = 0, max = 1, step = 1 },
      },
    },
  },
  exercises = { "exercises/2.3a", "exercises/2.3b" },
  quiz = "quiz.lua",
}
