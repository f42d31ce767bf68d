-- Quiz 2.4. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2), q24.py in the report:
--   Q1: "q1 counter 1"
--   Q2: "q2 4.04 peak 3" (real seconds; 4.0 virtual under dev check)
--   Q3: "q3 [True, True, True] is_set False"
--   Q4: nested `async with lock` twice: "q4 stuck: timed out after 1 s"
--   Q5: printed "100" (an await that never suspends; same on 3.12.1
--       and 3.13.0)
return {
  {
    kind = "po",
    prompt = "100 tasks run this at once. What is counter at the end?",
    lang = "python",
    code = [[
counter = 0


async def inc():
    global counter
    x = counter
    await asyncio.sleep(0)
    counter = x + 1


async def main():
    await asyncio.gather(*(inc() for _ in range(100)))
    print(counter)
]],
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    choices = { "100", "1", "somewhere between 1 and 100, it varies",
                "0" },
    answer = 2,
    explain = "gather starts all 100 tasks; each reads counter (0) and "
           .. "yields at the await before writing. By the time the first "
           .. "one writes 1, every other task has already read 0, so they "
           .. "all write 1. It is not random: the loop runs them in a "
           .. "fixed order, and it loses 99 updates every time.",
  },
  {
    kind = "pt",
    prompt = "Semaphore(3), ten jobs of 1 s each, all gathered. Total time?",
    lang = "python",
    code = [[
sem = asyncio.Semaphore(3)


async def job():
    async with sem:
        await asyncio.sleep(1)


async def main():
    await asyncio.gather(*(job() for _ in range(10)))
]],
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    choices = { "1 s", "3 s", "4 s", "10 s" },
    answer = 3,
    explain = "Three at a time: rounds of 3, 3, 3 and 1 job, so "
           .. "ceil(10 / 3) = 4 s, with a peak of 3 in flight. 3 s would "
           .. "need rounds of 3.33 jobs; 10 s is a Semaphore(1), which is "
           .. "a lock.",
  },
  {
    kind = "mc",
    prompt = "Three tasks are waiting in event.wait(). Then main calls "
          .. "event.set() and immediately event.clear(), before the "
          .. "waiters run. What happens to them?",
    choices = {
      "They keep waiting: the event is clear again",
      "Every waiter wakes up, and wait() returns True",
      "Only the first waiter wakes",
      "wait() raises RuntimeError",
    },
    answer = 2,
    explain = "set() wakes every current waiter at once; clear() only "
           .. "affects waits that start after it. A real run gathered "
           .. "[True, True, True] with is_set() False afterwards.",
  },
  {
    kind = "mc",
    prompt = "A task runs `async with lock:` and, inside it, `async with "
          .. "lock:` again on the same asyncio.Lock. What happens?",
    choices = {
      "It works: the lock is re-entrant for the task holding it",
      "RuntimeError: lock already held",
      "It waits forever: asyncio.Lock is not re-entrant",
      "The inner block is skipped",
    },
    answer = 3,
    explain = "asyncio.Lock has no owner and no recursion count: the inner "
           .. "acquire waits for a release that only the same task could "
           .. "do. A real run hung until a 1 s wait_for gave up; "
           .. "looplab's grader reports it as a deadlock. Restructure so "
           .. "the lock is taken once.",
  },
  {
    kind = "po",
    prompt = "As in question 1, but the await is on a helper that "
          .. "returns without waiting. What is counter at the end?",
    lang = "python",
    code = [[
counter = 0


async def cached():
    return None


async def inc():
    global counter
    x = counter
    await cached()
    counter = x + 1


async def main():
    await asyncio.gather(*(inc() for _ in range(100)))
    print(counter)
]],
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    choices = { "100", "1", "somewhere between 1 and 100, it varies",
                "0" },
    answer = 1,
    explain = "await cached() runs the helper inline, in the same task, "
           .. "and it returns without ever suspending, so no other task "
           .. "runs between the read and the write: each increment is "
           .. "done in one step and nothing is lost. An await only lets "
           .. "others in when it suspends. 1 would be right if cached() "
           .. "waited (sleep(0), a network call): keep the read-modify-"
           .. "write free of awaits, or lock it, since a helper that "
           .. "returns at once today may wait tomorrow.",
  },
}
