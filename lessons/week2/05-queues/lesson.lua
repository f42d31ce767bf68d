-- Lesson 2.5: Queues and producer/consumer.
return {
  id = "2.5",
  title = "Queues and producer/consumer",
  summary = "Bounded queues for backpressure, task_done and join, and "
         .. "three ways to stop workers",
  pages = {
    "pages/01-queues.md",
  },
  demos = {
    {
      id = "2.5-belt",
      title = "Conveyor belt: producers, a bounded queue, consumers",
      script = "demos/belt.lua",
      about = "Producers put items on a belt of maxsize slots; consumers "
           .. "take them and spend the service time on each. Slow the "
           .. "consumers or shrink the belt and watch the producers block "
           .. "(backpressure) while the depth stays at maxsize. The stop "
           .. "knob picks how consumers end: 1 a sentinel per consumer, 2 "
           .. "join() then cancel, 3 queue:shutdown() (Python 3.13).",
      knobs = {
        { name = "producers", label = "producers", value = 1, min = 1,
          max = 3, step = 1 },
        { name = "consumers", label = "consumers", value = 2, min = 1,
          max = 4, step = 1 },
        { name = "maxsize", label = "maxsize (0 = unbounded)", value = 3,
          min = 0, max = 8, step = 1 },
        { name = "service", label = "service time (s)", value = 1,
          min = 0.2, max = 3, step = 0.2 },
        { name = "stop", label = "stop: 1 sentinel 2 cancel 3 shutdown",
          value = 1, min = 1, max = 3, step = 1 },
      },
    },
  },
  exercises = { "exercises/2.5a", "exercises/2.5b", "exercises/2.5c" },
  quiz = "quiz.lua",
}
