-- Quiz 1.4. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2), times scaled to 1 unit = 0.1 s and
-- printed back in units (q14.py in the report):
--   Q1: total 8
--   Q2: ['a', 'b', 'c'] at 3; as_completed then gave b (4), c (5), a (6),
--       i.e. 1, 2 and 3 units after it started
--   Q3: at 2: done ['fast1'], pending ['slow5'], slow5.cancelled() False,
--       done() False; awaiting slow5 afterwards returned 'slow5' at 5
--   Q4: "gather raised" at 1, "other child finished" at 3
return {
  {
    kind = "pt",
    prompt = "job(d) sleeps d seconds. How long does main() take?",
    lang = "python",
    code = [[
async def main():
    await job(1)
    await asyncio.gather(job(2), job(3))
    t = asyncio.create_task(job(4))
    await job(1)
    await t
]],
    -- `looplab dev check` runs prelude + code + run and compares the
    -- virtual time with the answer's choice.
    prelude = "import asyncio\n\n\nasync def job(d):\n"
           .. "    await asyncio.sleep(d)\n",
    run = "asyncio.run(main())",
    choices = { "6 s", "8 s", "11 s", "13 s" },
    answer = 2,
    explain = "1 s, then the gather costs its longest child, 3 s (t = 4). "
           .. "The task t starts at 4 and needs 4 s, so it ends at 8; "
           .. "the await job(1) in between ends at 5 and then we wait for "
           .. "t until 8. 13 s would be the sum of everything, as if "
           .. "nothing overlapped; 11 s forgets that t runs during "
           .. "job(1).",
  },
  {
    kind = "po",
    prompt = "job(d, name) sleeps d seconds and returns name. What do "
          .. "gather and as_completed give?",
    lang = "python",
    code = [[
r = await asyncio.gather(job(3, "a"), job(1, "b"), job(2, "c"))
print(r)
for c in asyncio.as_completed([job(3, "a"), job(1, "b"),
                               job(2, "c")]):
    print(await c)
]],
    -- `looplab dev check` runs the code as the body of a coroutine
    -- (body = true) after the prelude and compares with `output`.
    prelude = "import asyncio\n\n\nasync def job(d, name):\n"
           .. "    await asyncio.sleep(d)\n    return name\n",
    body = true,
    output = "['a', 'b', 'c']\nb\nc\na\n",
    choices = {
      "['b', 'c', 'a'] then b, c, a",
      "['a', 'b', 'c'] then a, b, c",
      "['a', 'b', 'c'] then b, c, a",
      "['b', 'c', 'a'] then a, b, c",
    },
    answer = 3,
    explain = "gather returns results in argument order whatever order "
           .. "they finish in: ['a', 'b', 'c'], after 3 s. as_completed "
           .. "yields in completion order: b after 1 s, c after 2, a "
           .. "after 3. Mixing the two up is the usual mistake.",
  },
  {
    kind = "mc",
    prompt = "slow5 takes 5 s and fast1 takes 1 s, both running as "
          .. "tasks. What does done, pending = await asyncio.wait("
          .. "[slow5, fast1], timeout=2) do?",
    choices = {
      "Raises TimeoutError at t=2",
      "Returns at t=2 with done={fast1}, pending={slow5}, and cancels "
        .. "slow5",
      "Returns at t=2 with done={fast1}, pending={slow5}; slow5 keeps "
        .. "running",
      "Returns at t=1, as soon as fast1 is done",
    },
    answer = 3,
    explain = "wait never raises on timeout and never cancels: it just "
           .. "returns what is done and what is not. slow5 is still "
           .. "running afterwards (a real run awaited it and got its "
           .. "result at t=5). Returning at t=1 would need "
           .. "return_when=FIRST_COMPLETED. Cancel the pending tasks "
           .. "yourself if you no longer want them.",
  },
  {
    kind = "mc",
    prompt = "await asyncio.gather(a(), b()) with the default options: "
          .. "a() raises ValueError at t=1, b() would finish at t=3. "
          .. "What happens?",
    choices = {
      "gather raises at t=1, and b is cancelled",
      "gather raises at t=1, and b keeps running and finishes at t=3",
      "gather waits until t=3, then raises ValueError",
      "gather returns [ValueError(...), result of b] at t=3",
    },
    answer = 2,
    explain = "The first error propagates out of the await at once, but "
           .. "gather does not cancel the other children (a real run "
           .. "printed b's line at t=3, after gather had raised at t=1). "
           .. "Many tutorials claim return_exceptions=True is needed to "
           .. "stop one failure from cancelling the rest: nothing is "
           .. "cancelled either way. Returning the error in its slot "
           .. "(the last choice) is what return_exceptions=True does. "
           .. "To cancel siblings on failure, use a TaskGroup.",
  },
}
