-- Lesson 2.4: Synchronisation primitives in asyncio.
return {
  id = "2.4",
  title = "Synchronisation primitives in asyncio",
  summary = "Races across an await; Lock, Event, Condition, Semaphore "
         .. "and Barrier",
  pages = {
    "pages/01-races.md",
    "pages/02-toolkit.md",
  },
  demos = {
    {
      id = "2.4-race",
      title = "The race you can see",
      script = "demos/race.lua",
      about = "Each task reads the counter, awaits, and writes back the "
           .. "value it read plus one. With the await inside and no lock, "
           .. "every task reads before anyone writes and the updates are "
           .. "lost. Take the await out and the race disappears (code "
           .. "between awaits is atomic). Turn the lock on and the tasks "
           .. "queue: one inside at a time, the total right, the time "
           .. "longer. A semaphore lets several in at once, so it does "
           .. "not fix the race.",
      knobs = {
        { name = "tasks", label = "tasks", value = 10, min = 1, max = 50,
          step = 1 },
        { name = "await_inside", label = "await inside (1/0)", value = 1,
          min = 0, max = 1, step = 1 },
        { name = "lock", label = "lock (1/0)", value = 0, min = 0,
          max = 1, step = 1 },
        { name = "semaphore", label = "semaphore size (0 = none)",
          value = 0, min = 0, max = 5, step = 1 },
      },
    },
  },
  exercises = { "exercises/2.4a", "exercises/2.4b", "exercises/2.4c" },
  quiz = "quiz.lua",
}
