-- Quiz 1.3. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2):
--   Q1: printed A, B, C (one per line).
--   Q2: printed "done", and on stderr "RuntimeWarning: coroutine 'say'
--       was never awaited".
--   Q3: timed with perf_counter: first 3.0 s, second 1.0 s.
return {
  {
    kind = "po",
    prompt = "What does this print?",
    lang = "python",
    code = [[
import asyncio


async def say(word):
    print(word)


async def main():
    t = asyncio.create_task(say("B"))
    print("A")
    await asyncio.sleep(0)
    print("C")
    await t

asyncio.run(main())
]],
    choices = { "B A C", "A B C", "A C B", "A C" },
    answer = 2,
    explain = "create_task only schedules the task's first step; main "
           .. "keeps running and prints A. sleep(0) hands control to the "
           .. "loop, which runs the ready task: B. Then main resumes: C. "
           .. "B A C would mean create_task runs the coroutine at once, "
           .. "which the default task factory never does (3.12's eager "
           .. "task factory does: see \"Eager tasks\" on page 1).",
  },
  {
    kind = "po",
    prompt = "What happens when this runs?",
    lang = "python",
    code = [[
import asyncio


async def say(word):
    print(word)


async def main():
    say("x")
    print("done")

asyncio.run(main())
]],
    choices = {
      "x, then done",
      "done, then x",
      "done, plus a RuntimeWarning: coroutine 'say' was never awaited",
      "a TypeError: say must be awaited",
    },
    answer = 3,
    -- `looplab dev check` runs the code and compares with these two:
    output = "done",
    warns = "coroutine 'say' was never awaited",
    explain = "say(\"x\") creates a coroutine object and drops it; its "
           .. "body never runs, so x is never printed. When the object is "
           .. "destroyed, Python warns that it was never awaited. No "
           .. "exception is raised, and you get the warning without debug "
           .. "mode.",
  },
  {
    kind = "pt",
    prompt = "job(d) sleeps d seconds. How long does first() take, and "
          .. "then second()?",
    lang = "python",
    code = [[
async def first():
    coros = [job(1) for _ in range(3)]
    for c in coros:
        await c


async def second():
    tasks = [asyncio.create_task(job(1)) for _ in range(3)]
    for t in tasks:
        await t
]],
    -- `looplab dev check` runs prelude + code + each run line and
    -- compares the two virtual times with the answer's choice.
    prelude = "import asyncio\n\n\nasync def job(d):\n"
           .. "    await asyncio.sleep(d)\n",
    run = { "asyncio.run(first())", "asyncio.run(second())" },
    choices = { "3 s, then 3 s", "1 s, then 1 s", "3 s, then 1 s",
                "1 s, then 3 s" },
    answer = 3,
    explain = "Coroutines do nothing until awaited, so first() runs them "
           .. "one after another: 3 s. In second() the three tasks start "
           .. "as soon as main first awaits, so the waits overlap; "
           .. "awaiting them in a loop then takes 1 s in total. A real "
           .. "run measured 3.0 s and 1.0 s.",
  },
  {
    kind = "mc",
    prompt = "Your code calls asyncio.create_task(job()) and keeps no "
          .. "reference to the task. What keeps it alive until it "
          .. "finishes?",
    choices = {
      "The event loop holds a strong reference to every task",
      "Nothing you can rely on: the loop keeps only weak references",
      "asyncio.run awaits every task before it returns",
      "The garbage collector never collects a running task",
    },
    answer = 2,
    explain = "The asyncio docs for create_task: the event loop only "
           .. "keeps weak references to tasks, so save a reference. In "
           .. "practice a task waiting on a timer is often reachable "
           .. "through it, which is why the bug hides. asyncio.run does "
           .. "not let leftover tasks run to completion: it cancels them "
           .. "(and waits for their cleanup). Keep tasks in "
           .. "a variable, a set with add_done_callback(set.discard), or "
           .. "a TaskGroup.",
  },
}
