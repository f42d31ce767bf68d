-- Quiz 2.2. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2), q22.py in the report:
--   Q1: "q1 False swallowed swallowed" (cancelled(), result(), await)
--   Q2: "q2 cancelled; body ran: False" (default task factory; with
--       eager_task_factory, 3.12.1 and 3.13.0 print "body runs")
--   Q3: "q3 caller cancelled at 0.50", "q3 inner result at 1.00"
--   Q4: "q4 not caught by except Exception: CancelledError"
return {
  {
    kind = "po",
    prompt = "The task catches CancelledError and returns. What do "
          .. "t.cancelled() and t.result() give after await t?",
    lang = "python",
    code = [[
async def f():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        return "swallowed"


async def main():
    t = asyncio.create_task(f())
    await asyncio.sleep(0)
    t.cancel()
    await t
    print(t.cancelled(), t.result())
]],
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    output = "False swallowed",
    choices = {
      "True, then result() raises CancelledError",
      "False swallowed",
      "True swallowed",
      "await t raises CancelledError; nothing is printed",
    },
    answer = 2,
    explain = "cancel() only delivers a CancelledError at the next await. "
           .. "f caught it and returned normally, so the task is simply "
           .. "done with the result \"swallowed\": cancelled() is False and "
           .. "await t does not raise. That is why swallowing breaks "
           .. "timeouts and task groups, which expect the error back.",
  },
  {
    kind = "po",
    prompt = "Does f's body run?",
    lang = "python",
    code = [[
async def f():
    print("body runs")


async def main():
    t = asyncio.create_task(f())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled")
]],
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    output = "cancelled",
    choices = {
      "body runs, then cancelled",
      "cancelled only: the body never runs",
      "body runs only",
      "body runs, cancelled, body runs again",
    },
    answer = 2,
    explain = "create_task only schedules the first step, and cancel() "
           .. "before that step makes the task finish cancelled without "
           .. "ever entering f. A try/finally inside f would not run "
           .. "either. That is the default task factory, the only one on "
           .. "3.11; with 3.12's eager_task_factory, create_task has "
           .. "already run f (it prints body runs, and the cancel comes "
           .. "too late to matter).",
  },
  {
    kind = "mc",
    prompt = "A caller is awaiting asyncio.shield(inner) when the caller "
          .. "is cancelled. What happens?",
    choices = {
      "Nothing: shield makes the caller ignore the cancel",
      "The caller gets CancelledError at once; inner keeps running and "
        .. "its result stays available",
      "Both are cancelled; shield only delays it",
      "The caller waits for inner, then gets CancelledError",
    },
    answer = 2,
    explain = "Shield protects the inner awaitable, not the caller. In a "
           .. "real run the caller was cancelled at 0.5 s and awaiting "
           .. "inner afterwards returned its result at 1.0 s. If you want "
           .. "the caller to wait for inner, await inner yourself in the "
           .. "except block, then re-raise.",
  },
  {
    kind = "mc",
    prompt = "Does `except Exception:` catch asyncio.CancelledError?",
    choices = {
      "Yes, it is an Exception",
      "No: since Python 3.8 it is a BaseException subclass",
      "Only inside a TaskGroup",
      "Only when raised by a timeout",
    },
    answer = 2,
    explain = "CancelledError moved under BaseException in 3.8 so that "
           .. "\"catch any error and retry\" code stops swallowing "
           .. "cancellation. A bare except: or except BaseException: "
           .. "still catches it, and on 3.7 except Exception did.",
  },
}
