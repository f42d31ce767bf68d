# ports: test_tasks.py BaseTaskTests.test_yield_wait_does_not_shield_cancel (AIO_SEMANTICS 4 last row)
# order-independent
# Cancelling the task that waits cancels the wait, not the waited-on tasks.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    T(name, "finished")

async def main():
    a = asyncio.create_task(job("a", 3))
    async def waiter():
        await asyncio.wait([a])
        T("waiter", "not-reached")
    w = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        T("main", "waiter cancelled", "a.done", a.done(), a.cancelled())
    await a
    T("main", "a", a.done(), a.cancelled())

asyncio.run(main())
