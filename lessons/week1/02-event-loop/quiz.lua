-- Quiz 1.2. Every answer was run with
-- /usr/bin/python3 (CPython 3.11.2):
--   Q1: heapq.heappush(heap, (1.0, print)); heapq.heappush(heap, (1.0, len))
--       -> TypeError: '<' not supported between instances of
--          'builtin_function_or_method' and 'builtin_function_or_method'
--   Q2: 20 loop.call_at(same_when, order.append, i) printed
--       [0, 2, 6, 14, 13, 19, 18, 17, 16, 15, 5, 11, 12, 10, 9, 8, 7, 1, 3, 4]
--       (same on two runs).
--   Q3: the snippet below printed "A0 B0 A1 B1 A2".
return {
  {
    kind = "mc",
    prompt = "A scheduler's timer heap holds (deadline, seq, callback). "
          .. "Why the seq number, rather than plain (deadline, callback)?",
    choices = {
      "It makes the heap faster",
      "On equal deadlines heapq would compare the callbacks (a "
        .. "TypeError), and seq also makes ties first-in, first-out",
      "It counts how many times the callback has run",
      "asyncio needs it to cancel a timer",
    },
    answer = 2,
    explain = "Tuples compare field by field. With two equal deadlines "
           .. "heapq compares the next field, and functions or generators "
           .. "do not support <: TypeError. A unique, growing seq settles "
           .. "every tie before the callback is reached, and because it "
           .. "grows, the earlier-scheduled entry wins: FIFO ties. It "
           .. "does not make the heap any faster.",
  },
  {
    kind = "mc",
    prompt = "True or false: CPython's asyncio runs call_at callbacks that "
          .. "share one deadline in the order they were scheduled.",
    choices = { "True", "False" },
    answer = 2,
    explain = "False. asyncio's TimerHandle compares by deadline only, and "
           .. "a heap is not stable. Twenty callbacks on one deadline ran "
           .. "as [0, 2, 6, 14, 13, 19, ...] on CPython 3.11.2. The order "
           .. "is repeatable for the same program, which makes it "
           .. "tempting to rely on, but it is not FIFO. looplab's own "
           .. "loop and grader do keep FIFO ties, for repeatable traces.",
  },
  {
    kind = "po",
    prompt = "Two generator tasks on a round-robin ready queue. What does "
          .. "this print?",
    lang = "python",
    code = [[
from collections import deque


def task(name, steps):
    for i in range(steps):
        print(f"{name}{i}", end=" ")
        yield


ready = deque([task("A", 3), task("B", 2)])
while ready:
    t = ready.popleft()
    try:
        next(t)
        ready.append(t)
    except StopIteration:
        pass
print()
]],
    choices = {
      "A0 A1 A2 B0 B1",
      "A0 B0 A1 B1 A2",
      "A0 B0 A1 B1 A2 B2",
      "B0 A0 B1 A1 A2",
    },
    answer = 2,
    explain = "Each next() runs a task up to its next yield, then the "
           .. "task goes to the back of the queue: A0, B0, A1, B1, A2. B "
           .. "has only two steps; its third next() raises StopIteration "
           .. "and it leaves the queue. A0 A1 A2 B0 B1 would be the "
           .. "answer only if a task ran to the end before the next one "
           .. "started, which is what yield exists to avoid.",
  },
}
