-- Quiz 1.1. Q2's times were checked by running the
-- snippet with CPython 3.11.2, scaled to 0.1 s and at full 1 s.
return {
  {
    kind = "mc",
    prompt = "On the default CPython build, which job gains the least "
          .. "from running in a pool of threads?",
    choices = {
      "Downloading 200 pages with requests",
      "Resizing 200 images with pure-Python pixel loops",
      "Reading 200 files from disk",
      "Running 200 queries against a database server",
    },
    answer = 2,
    explain = "Downloads, file reads and database queries are mostly "
           .. "waiting, and a thread blocked in I/O releases the GIL, so "
           .. "threads overlap those waits. Pure-Python pixel loops are "
           .. "computing, and only one thread runs Python bytecode at a "
           .. "time under the GIL: the pool takes about as long as a "
           .. "plain loop. CPU-bound Python needs processes, or a C "
           .. "library that releases the GIL while it works.",
  },
  {
    kind = "pt",
    prompt = "Each request waits 1 s for the network. How long do "
          .. "asyncio.run(sequential()), asyncio.run(gathered()) and "
          .. "pooled() take, in that order?",
    lang = "python",
    code = [[
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


async def request_async():
    await asyncio.sleep(1)          # 1 s of network wait


def request_blocking():
    time.sleep(1)                   # the same wait, blocking


async def sequential():
    for _ in range(10):
        await request_async()


async def gathered():
    await asyncio.gather(*(request_async() for _ in range(10)))


def pooled():
    with ThreadPoolExecutor(5) as pool:
        list(pool.map(lambda _: request_blocking(), range(10)))
]],
    -- `looplab dev check` runs code + each line below and compares the
    -- three virtual times with the answer's choice.
    run = { "asyncio.run(sequential())", "asyncio.run(gathered())",
            "pooled()" },
    choices = {
      "10 s / 10 s / 10 s",
      "10 s / 1 s / 1 s",
      "10 s / 1 s / 2 s",
      "10 s / 2 s / 5 s",
    },
    answer = 3,
    explain = "sequential awaits each request before starting the next: "
           .. "10 × 1 s. gather puts all ten waits in flight at once, so "
           .. "they end together after 1 s. The pool has 5 threads, so "
           .. "10 blocking requests run in two rounds of 5: 2 s. A "
           .. "real run printed 10.01 s, 1.00 s and 2.00 s.",
  },
  {
    kind = "mc",
    prompt = "Each of 100 items needs 50 ms of network wait and then "
          .. "200 ms of pure-Python computing. The machine has 2 cores. "
          .. "What should you reach for first?",
    choices = {
      "asyncio alone, to overlap the 100 network waits",
      "A pool of 100 threads",
      "A process pool (optionally fed by an asyncio front end)",
      "Nothing: run the items one by one; concurrency cannot help",
    },
    answer = 3,
    explain = "The CPU share is 200 / 250 = 80 %: the job is CPU-bound. "
           .. "One by one it takes 100 × 250 ms = 25 s. asyncio or "
           .. "threads overlap only the 5 s of waiting; the 20 s of "
           .. "Python computing still runs on one core at a time (the "
           .. "GIL), so about 20 s. Two worker processes compute on both "
           .. "cores: about 12.5 s, or about 10 s when an asyncio front "
           .. "end overlaps the waits and feeds the pool.",
  },
}
