# ports: test_tasks.py BaseTaskTests.test_gather_shield, test_shield_gather (AIO_SEMANTICS 3 last row, 8)
# order-independent
# Cancelling gather(shield(a), shield(b)) cancels the shields, not a and b.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    T(name, "finished")
    return name

async def main():
    a = asyncio.create_task(job("a", 2))
    b = asyncio.create_task(job("b", 3))
    async def parent():
        return await asyncio.gather(asyncio.shield(a), asyncio.shield(b))
    p = asyncio.create_task(parent())
    await asyncio.sleep(1)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        T("main", "parent cancelled", a.done(), b.done())
    T("main", await a, await b)
    # shield(gather(...)): cancelling the shield leaves the gather running
    g = asyncio.gather(job("c", 1), job("d", 2))
    s = asyncio.shield(g)
    async def waiter():
        return await s
    w = asyncio.create_task(waiter())
    await asyncio.sleep(0.5)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        T("main", "waiter cancelled")
    T("main", await g)

asyncio.run(main())
