-- Quiz 2.5. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2), q25.py and q25b.py in the report:
--   Q1: the harness printed "producer done@3" (puts at 0, 0, 1, 2, 3)
--   Q2: "q2 join returned at once"
--   Q3: "q3 getter cancelled: True", "q3 qsize 1 next get: x"
--   Q4: "q4 ValueError: task_done() called too many times"
return {
  {
    kind = "pt",
    prompt = "Queue(maxsize=2). The producer puts 0..4 as fast as it can; "
          .. "the consumer sleeps 1 s before each get. When is the "
          .. "producer done?",
    lang = "python",
    code = [[
async def main():
    q = asyncio.Queue(maxsize=2)

    async def producer():
        for i in range(5):
            await q.put(i)

    async def consumer():
        for _ in range(5):
            await asyncio.sleep(1)
            await q.get()

    p = asyncio.create_task(producer())
    c = asyncio.create_task(consumer())
    await p
]],
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    choices = { "0 s", "2 s", "3 s", "5 s" },
    answer = 3,
    explain = "Puts 0 and 1 fill the queue at t=0. Each get frees one "
           .. "slot: the consumer takes an item at t=1, 2 and 3, and puts "
           .. "2, 3 and 4 go in right after. The producer is done at t=3, "
           .. "two items ahead of the consumer, which finishes at t=5. "
           .. "0 s would be an unbounded queue.",
  },
  {
    kind = "mc",
    prompt = "await q.join() on a fresh, empty asyncio.Queue:",
    choices = {
      "waits forever: nobody will call task_done()",
      "returns immediately: no unfinished items",
      "raises QueueEmpty",
      "waits until the first put",
    },
    answer = 2,
    explain = "join() waits until the count of unfinished items (one per "
           .. "put, minus one per task_done) is zero. On a fresh queue it "
           .. "already is, so join() returns at once (a real run passed a "
           .. "1 s wait_for).",
  },
  {
    kind = "mc",
    prompt = "A consumer waiting in q.get() is cancelled right after "
          .. "another task put an item (before the consumer ran). What "
          .. "happens to the item?",
    choices = {
      "It is lost with the cancelled get",
      "It stays in the queue; the next get() receives it",
      "The cancel is ignored and the consumer receives it",
      "The queue raises QueueShutDown",
    },
    answer = 2,
    explain = "get() only removes the item when the waiting getter "
           .. "actually resumes. A cancelled getter never does; asyncio "
           .. "wakes the next getter instead. A real run showed the getter "
           .. "cancelled, qsize 1, and the next get returning the item.",
  },
  {
    kind = "mc",
    prompt = "What does one task_done() call too many do?",
    choices = {
      "Nothing",
      "Makes join() return early",
      "Raises ValueError",
      "Deadlocks join()",
    },
    answer = 3,
    explain = "The unfinished count cannot go below zero: task_done() "
           .. "raises ValueError(\"task_done() called too many times\"). "
           .. "Too few calls are the quieter bug: join() never returns.",
  },
}
