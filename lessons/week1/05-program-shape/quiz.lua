-- Quiz 1.5. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2):
--   Q1: printed "asyncio.run() cannot be called from a running event
--       loop" (the RuntimeError's message; page 1's snippet).
--   Q2: printed "main returns", "bg cancelled", "after run: True".
--   Q3: printed "[0, 1, 2] 3.0" (loop time).
--   Q4: inside a coroutine, get_running_loop() is the running loop;
--       with no running loop it raises RuntimeError ("no running event
--       loop"), and 3.12.1 printed "DeprecationWarning: There is no
--       current event loop" for get_event_loop() at top level.
--       Inside a coroutine get_event_loop() is the running loop, with no
--       warning (warnings as errors) on 3.11.2, 3.12.1 and 3.13.0: the
--       prompt asks for the recommended way.
return {
  {
    kind = "mc",
    prompt = "A coroutine calls asyncio.run(other()) while the loop is "
          .. "running it. What happens?",
    choices = {
      "other() runs to the end, then the caller continues",
      "RuntimeError: asyncio.run() cannot be called from a running "
        .. "event loop",
      "A second loop starts in a new thread",
      "It deadlocks",
    },
    answer = 2,
    explain = "asyncio.run needs to own a loop, and this thread's loop is "
           .. "busy running you. It raises RuntimeError at once (and the "
           .. "coroutine you passed was never awaited). From async code, "
           .. "write await other().",
  },
  {
    kind = "po",
    prompt = "What does this print?",
    lang = "python",
    code = [[
import asyncio


async def bg():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("bg cancelled")
        raise


async def main():
    global t
    t = asyncio.create_task(bg())
    await asyncio.sleep(0)
    print("main returns")

asyncio.run(main())
print("after run:", t.cancelled())
]],
    choices = {
      "main returns / after run: False (run waited 10 s for bg)",
      "main returns / after run: False (bg was abandoned)",
      "main returns / bg cancelled / after run: True",
      "bg cancelled / main returns / after run: True",
    },
    answer = 3,
    explain = "When main returns, asyncio.run cancels every task still "
           .. "pending and waits for them to finish, so bg's except "
           .. "block runs and bg ends cancelled. It does not wait out "
           .. "bg's 10 s, and it does not abandon it either.",
  },
  {
    kind = "pt",
    prompt = "ticker(n) sleeps 1 s before each yield. What is printed, "
          .. "and when?",
    lang = "python",
    code = [[
async def ticker(n):
    for i in range(n):
        await asyncio.sleep(1)
        yield i


async def main():
    print([x async for x in ticker(3)])
]],
    -- `looplab dev check` runs prelude + code + run and compares the
    -- virtual time with the answer's choice.
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    choices = {
      "[0, 1, 2] after 1 s",
      "[0, 1, 2] after 3 s",
      "[0, 1, 2] at once; the sleeps run in the background",
      "TypeError: async generators cannot be used in a comprehension",
    },
    times = { 3 },
    answer = 2,
    explain = "An async comprehension awaits each value in turn, so the "
           .. "three 1 s sleeps happen one after another: the list is "
           .. "ready at t=3 (measured: 3.0 with the loop's clock). Async "
           .. "iteration is sequential; it does not make the sleeps "
           .. "overlap.",
  },
  {
    kind = "mc",
    prompt = "Inside a coroutine, what is the recommended way to get "
          .. "the event loop (for loop.time() or run_in_executor)?",
    choices = {
      "asyncio.get_event_loop()",
      "asyncio.new_event_loop()",
      "asyncio.get_running_loop()",
      "asyncio.run.loop",
    },
    answer = 3,
    explain = "get_running_loop() returns the loop running the current "
           .. "coroutine and raises RuntimeError when there is none, so "
           .. "mistakes show up at once. get_event_loop() also works "
           .. "inside a coroutine (same loop, no warning on 3.11 to "
           .. "3.13), which is why it is not wrong there, only not "
           .. "recommended: outside a coroutine it warns since 3.12 and "
           .. "may create a loop you never run. new_event_loop() makes a "
           .. "second, unrelated loop.",
  },
}
