# ports: test_tasks.py BaseTaskTests.test_as_completed (AIO_SEMANTICS 4 as_completed)
# order-independent
# Awaitables come out in completion order; the tasks themselves are untouched.
from diffkit import *

async def job(name, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(name)
    return name

async def main():
    ts = [asyncio.create_task(job("a", 3)), asyncio.create_task(job("b", 1)),
          asyncio.create_task(job("c", 2, True)), asyncio.create_task(job("d", 0.5))]
    for aw in asyncio.as_completed(ts):
        try:
            T("main", "got", await aw)
        except ValueError as e:
            T("main", "raised", E(e))
    T("main", "end", [t.done() for t in ts])

asyncio.run(main())
