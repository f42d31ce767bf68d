# ports: test_locks.py ConditionTests.test_wait, test_notify, test_notify_all (AIO_SEMANTICS 11 C1)
# notify(n) wakes up to n waiters FIFO; each returns from wait() only once it holds the lock again.
from diffkit import *

async def main():
    cond = asyncio.Condition()
    async def waiter(i):
        async with cond:
            T(f"w{i}", "waiting")
            r = await cond.wait()
            T(f"w{i}", "woke", r, cond.locked())
            await asyncio.sleep(0.5)
    ws = [asyncio.create_task(waiter(i)) for i in range(5)]
    await asyncio.sleep(1)
    async with cond:
        cond.notify(1)
        T("main", "notified 1")
        await asyncio.sleep(0.25)
    await asyncio.sleep(1)
    async with cond:
        cond.notify(2)
        T("main", "notified 2")
    await asyncio.sleep(2)
    async with cond:
        cond.notify_all()
        T("main", "notified all")
    await asyncio.gather(*ws)
    T("main", "end", cond.locked())

asyncio.run(main())
