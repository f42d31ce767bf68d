# ports: test_locks.py ConditionTests.test_wait_cancel, test_wait_cancel_contested, test_wait_cancel_after_notify (AIO_SEMANTICS 11 C4)
# A cancelled wait() re-acquires the lock before the CancelledError reaches the handler.
from diffkit import *

async def main():
    cond = asyncio.Condition()
    async def waiter():
        async with cond:
            try:
                await cond.wait()
            except asyncio.CancelledError:
                T("waiter", "cancelled", "holds lock", cond.locked())
                raise
    w = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    await cond.acquire()
    w.cancel()
    await asyncio.sleep(1)
    T("main", "still holding", w.done())
    cond.release()
    try:
        await w
    except asyncio.CancelledError:
        T("main", "waiter cancelled", w.cancelled(), cond.locked())

asyncio.run(main())
