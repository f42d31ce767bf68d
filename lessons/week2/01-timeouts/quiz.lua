-- Quiz 2.1. Every answer was run (q21.py in the
-- report) with /usr/bin/python3 (CPython 3.11.2) unless noted:
--   Q1: "q1 TimeoutError at 3.0"
--   Q2: "q2 [1, 'timeout', 1, 1, 'timeout'] 4.0"
--   Q3: "q3 no TimeoutError; expired: True"
--   Q4: 3.11.2 "same task: False"; pyenv 3.12.1 "same task: True"
return {
  {
    kind = "pt",
    prompt = "inner() sleeps 10 s, and its finally block sleeps 1 s. When "
          .. "does the caller see TimeoutError?",
    lang = "python",
    code = [[
async def inner():
    try:
        await asyncio.sleep(10)
    finally:
        await asyncio.sleep(1)


async def main():
    await asyncio.wait_for(inner(), 2)
]],
    -- `looplab dev check` runs prelude + code + run and compares the
    -- virtual time with `times` (the choices state it as "t = ...").
    prelude = "import asyncio\n",
    run = "try:\n    asyncio.run(main())\nexcept TimeoutError:\n    pass",
    times = 3,
    choices = { "t = 2", "t = 3", "t = 10", "t = 11" },
    answer = 2,
    explain = "At t=2 wait_for cancels inner, then waits for it to finish "
           .. "cancelling: the finally block's 1 s sleep runs, and only then "
           .. "does TimeoutError reach the caller, at t=3. t=2 is the "
           .. "deadline, but wait_for never abandons the inner task "
           .. "half-way through its cleanup.",
  },
  {
    kind = "po",
    prompt = "Semaphore(2), and each item's timeout(2) is inside the "
          .. "semaphore. What is returned, and after how long?",
    lang = "python",
    code = [[
sem = asyncio.Semaphore(2)


async def item(d):
    async with sem:
        try:
            async with asyncio.timeout(2):
                await asyncio.sleep(d)
                return d
        except TimeoutError:
            return "timeout"


async def main():
    return await asyncio.gather(*(item(d) for d in [1, 3, 1, 1, 5]))
]],
    -- `looplab dev check` prints main's result and compares it and the
    -- virtual time with `output` and `times`.
    prelude = "import asyncio\n",
    run = "print(asyncio.run(main()))",
    output = "[1, 'timeout', 1, 1, 'timeout']",
    times = 4,
    choices = {
      "[1, 'timeout', 1, 1, 'timeout'] after 4 s",
      "[1, 'timeout', 1, 1, 'timeout'] after 2 s",
      "[1, 'timeout', 1, 'timeout', 'timeout'] after 4 s",
      "[1, 3, 1, 1, 5] after 6 s",
    },
    answer = 1,
    explain = "Two run at a time. 1 and 3 start at 0; 1 ends at 1 and the "
           .. "third item (1 s) starts, ending at 2; at 2 the 3 s item "
           .. "times out, so items 4 and 5 start at 2. Item 4 ends at 3, "
           .. "item 5 times out at 4. Waiting for the semaphore does not "
           .. "count, because the timeout starts inside it; with the "
           .. "timeout outside, queued items would time out too.",
  },
  {
    kind = "mc",
    prompt = "Inside async with asyncio.timeout(1) as cm:, the code awaits "
          .. "sleep(5) in a try that catches CancelledError and carries "
          .. "on. What happens at the end of the block?",
    choices = {
      "TimeoutError is raised at t=1 anyway",
      "No TimeoutError; the block ends normally and cm.expired() is True",
      "No TimeoutError, and cm.expired() is False",
      "The block waits the full 5 s",
    },
    answer = 2,
    explain = "The timeout cancels the task at t=1, and turns that "
           .. "cancellation into TimeoutError only if the CancelledError "
           .. "reaches the end of the block. Here the code swallowed it, "
           .. "so the block ends normally, but the deadline did pass: "
           .. "cm.expired() is True. This is one reason never to swallow "
           .. "CancelledError (lesson 2.2).",
  },
  {
    kind = "mc",
    prompt = "Python 3.12 and later: await asyncio.wait_for(coro(), 5) "
          .. "runs coro in which task?",
    choices = {
      "A new task, as in 3.11",
      "The caller's own task",
      "A thread from the default executor",
      "The loop's internal timer task",
    },
    answer = 2,
    explain = "3.12 rewrote wait_for on top of asyncio.timeout, so the "
           .. "coroutine is awaited directly in the caller's task. On "
           .. "3.11, wait_for wraps it in a new task: the same probe "
           .. "printed \"same task: False\" on 3.11.2 and True on 3.12.1.",
  },
}
