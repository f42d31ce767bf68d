-- The course's four competencies, as data: `looplab
-- progress`, the dashboard and the gradebook export compute them from the
-- progress store every time, so editing this file re-grades everyone's
-- existing attempts. Format: docs/authoring.md section 11.
--
-- Requirement kinds:
--   checks  mean, over the exercises, of the best fraction of checks passed
--           in one attempt >= min
--   pass    exercises passed >= count (default: all of them)
--   quiz    questions right (first_try = the first answer counts) >= min
--           (a fraction) or >= count; kinds filters mc / po / pt
--   check   the named checks of one exercise passed in some attempt
-- items are exercise or lesson ids, "2.*" prefixes, or "1.1#2" (question 2
-- of lesson 1.1's quiz). An item the course does not have yet makes its
-- requirement "not available", which is never met.
return {
  {
    id = "async",
    title = "Write efficient async code",
    evidence = "vtime, maxconc, noblock, noleak and cancel_ok checks on the "
            .. "async exercises; predict-time and predict-output quizzes; "
            .. "projects P1 and P4",
    requires = {
      { kind = "checks", min = 0.8,
        items = { "1.*", "2.*", "3.5*", "5.*", "6.1*", "6.3*", "6.4*" },
        label = "80% of the async exercise checks passed" },
      { kind = "quiz", min = 0.75, kinds = { "pt", "po" },
        items = { "1.*", "2.*" },
        label = "75% of the week 1-2 predict-time/output questions right" },
      { kind = "checks", min = 0.7, items = { "p1", "p4" },
        label = "projects P1 and P4 at 70% or more" },
    },
  },
  {
    id = "model",
    title = "Choose the correct concurrency model",
    evidence = "the 1.1 classification exercise, the scenario quizzes of "
            .. "1.1, 3.3, 3.5, 4.5 and 6.5, the P5 design note",
    requires = {
      { kind = "pass", items = { "1.1b" },
        label = "1.1b: classify workloads as I/O, CPU or mixed" },
      { kind = "quiz", count = 5, first_try = true, kinds = { "mc" },
        items = { "1.1", "3.3", "3.5", "4.5", "6.5" },
        label = "5 scenario questions right on the first try" },
      { kind = "pass", items = { "p5" },
        label = "project P5, with its design note" },
    },
  },
  {
    id = "sync",
    title = "Handle thread synchronisation",
    evidence = "race and deadlock labs graded under seeded interleavings; "
            .. "the bounded buffer with Condition; asyncio Lock/Event/"
            .. "Semaphore labs",
    requires = {
      { kind = "pass", items = { "3.1a", "3.2a", "3.2b" },
        label = "3.1a, 3.2a and 3.2b pass (each under many seeds)" },
      { kind = "checks", min = 0.8, items = { "2.4*" },
        label = "80% of the asyncio synchronisation checks (2.4)" },
    },
  },
  {
    id = "cpu",
    title = "Optimise CPU-bound tasks",
    evidence = "chunking and IPC metrics, pickled bytes, calibrated "
            .. "speed-up; project P2",
    requires = {
      { kind = "pass", items = { "4.2a", "4.3a" },
        label = "4.2a and 4.3a pass" },
      { kind = "checks", min = 0.7, items = { "p2" },
        label = "project P2 at 70% or more" },
    },
  },
}
