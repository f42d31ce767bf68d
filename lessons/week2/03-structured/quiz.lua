-- Quiz 2.3. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2), q23.py in the report:
--   Q1: "q1 except* at 1.00 slow cancelled: True"
--   Q2: "q2 not caught; got ExceptionGroup (ValueError('bad'),)"
--   Q3: compiling `return` inside except* gave "SyntaxError: 'break',
--       'continue' and 'return' cannot appear in an except* block"
--   Q4: neither gather cancelled the 3 s sibling: "{} sibling
--       cancelled: False done: False" (still running when gather
--       raised), "{'return_exceptions': True} sibling cancelled: False
--       done: True" (gather waited for it); TaskGroup, Q1.
return {
  {
    kind = "pt",
    prompt = "job(5) sleeps 5 s; bad() raises ValueError after 1 s. When "
          .. "does the except* block run?",
    lang = "python",
    code = [[
try:
    async with asyncio.TaskGroup() as tg:
        tg.create_task(job(5))
        tg.create_task(bad())
except* ValueError:
    print("failed")
]],
    -- `looplab dev check` runs the code as main's body (body = true);
    -- the program's virtual time is when except* ran.
    prelude = "import asyncio\n\n\nasync def job(d):\n"
           .. "    await asyncio.sleep(d)\n\n\nasync def bad():\n"
           .. "    await asyncio.sleep(1)\n    raise ValueError('bad')\n",
    body = true,
    choices = { "1 s", "5 s", "6 s", "never: the error is lost" },
    times = { 1 },
    answer = 1,
    explain = "The first failure cancels the other tasks of the group; "
           .. "job(5) is cancelled at t=1, the group waits for it to "
           .. "finish cancelling (instantly here) and raises. t=5 would "
           .. "be gather(return_exceptions=True), which waits for "
           .. "everyone.",
  },
  {
    kind = "mc",
    prompt = "Exactly one task in a TaskGroup raises ValueError. Does "
          .. "`except ValueError:` around the async with catch it?",
    choices = {
      "Yes, a single error is raised as it is",
      "No: it arrives wrapped in an ExceptionGroup; use except* or "
        .. "catch ExceptionGroup",
      "Yes, but only on Python 3.12 and later",
      "No: TaskGroup swallows child errors",
    },
    answer = 2,
    explain = "TaskGroup always raises an ExceptionGroup, even for one "
           .. "error, so the handling code does not change with the "
           .. "number of failures. except ValueError does not match an "
           .. "ExceptionGroup (a real run let it through); except* "
           .. "ValueError does.",
  },
  {
    kind = "mc",
    prompt = "What happens if you write `return` inside an except* block?",
    choices = {
      "It returns, skipping the other except* clauses",
      "It returns after all matching clauses have run",
      "SyntaxError: return, break and continue are not allowed there",
      "RuntimeError at run time",
    },
    answer = 3,
    explain = "Several except* clauses may run for one group, so leaving "
           .. "the try from inside one of them is undefined: the compiler "
           .. "rejects return, break and continue in except* blocks. Set "
           .. "a variable and return after the try.",
  },
  {
    kind = "mc",
    prompt = "A child fails. Which of these cancels its siblings?",
    choices = {
      "gather (default)",
      "gather(return_exceptions=True)",
      "TaskGroup",
      "All three",
    },
    answer = 3,
    explain = "Only TaskGroup. Default gather raises the first error and "
           .. "lets the others run on: in a real probe a 3 s sibling was "
           .. "still running when gather raised. With return_exceptions "
           .. "gather waits for all and returns the errors in their "
           .. "slots: the sibling was done, not cancelled, when gather "
           .. "returned. Neither cancels anything.",
  },
}
