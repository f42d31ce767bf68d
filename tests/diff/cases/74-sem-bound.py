# ports: AIO_SEMANTICS 12 S1 / q3 (10 jobs of 1 s under Semaphore(3) take 4 s and peak at 3); test_locks.py SemaphoreTests.test_semaphore
# order-independent
from diffkit import *

async def main():
    sem = asyncio.Semaphore(3)
    st = {"now": 0, "peak": 0}
    async def job():
        async with sem:
            st["now"] += 1
            st["peak"] = max(st["peak"], st["now"])
            await asyncio.sleep(1)
            st["now"] -= 1
    await asyncio.gather(*(job() for _ in range(10)))
    T("main", "peak", st["peak"], "locked", sem.locked())

asyncio.run(main())
