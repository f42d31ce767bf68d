# ports: test_tasks.py BaseTaskTests.test_cancel_yield (AIO_SEMANTICS 2 C6: the cancel lands at the next await; sync code is never interrupted)
from diffkit import *

async def worker():
    T("w", "start")
    try:
        await asyncio.sleep(0)
        T("w", "not-reached")
    except asyncio.CancelledError:
        T("w", "cancelled-at-await")
        x = 0
        for i in range(1000):
            x += i
        T("w", "sync-continues", x)
        raise

async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(0)
    T("main", "cancel", t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        T("main", "caught", t.cancelled())

asyncio.run(main())
