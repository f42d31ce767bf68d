# ports: test_tasks.py CoroutineGatherTests.test_cancellation_broadcast, BaseTaskTests.test_cancel_gather_2 (AIO_SEMANTICS 3 G4)
# Cancelling the task that awaits gather cancels every unfinished child, even with return_exceptions=True.
from diffkit import *

async def job(name, d):
    try:
        await asyncio.sleep(d)
        T(name, "finished")
        return name
    except asyncio.CancelledError:
        T(name, "cancelled")
        raise

async def parent():
    try:
        return await asyncio.gather(job("a", 1), job("b", 5), job("c", 6), return_exceptions=True)
    except asyncio.CancelledError:
        T("parent", "gather raised CancelledError")
        raise

async def main():
    p = asyncio.create_task(parent())
    await asyncio.sleep(2)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        T("main", "parent cancelled", p.cancelled())

asyncio.run(main())
