# ports: test_tasks.py BaseTaskTests.test_wait_first_completed, test_wait_really_done (AIO_SEMANTICS 4 W1)
# order-independent
# FIRST_COMPLETED returns when one finishes; done holds every task finished by then; nothing is cancelled.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    return name

async def main():
    a, b, c = (asyncio.create_task(job(n, d)) for n, d in (("a", 3), ("b", 1), ("c", 2)))
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    T("main", "done", sorted(t.result() for t in done), "pending", len(pending))
    # two finish in the same iteration: both are in done
    x = asyncio.create_task(job("x", 0))
    y = asyncio.create_task(job("y", 0))
    await asyncio.sleep(0)
    done, pending = await asyncio.wait([x, y, a], return_when=asyncio.FIRST_COMPLETED)
    T("main", "done", sorted(t.result() for t in done), "pending", len(pending))
    done, pending = await asyncio.wait([a, c])
    T("main", "all", sorted(t.result() for t in done), a.cancelled())

asyncio.run(main())
