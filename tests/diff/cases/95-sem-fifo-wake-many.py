# ports: test_locks.py SemaphoreTests.test_acquire_fifo_order_4 (3.13 test; AIO_SEMANTICS 12: 3.13 re-wakes further waiters while value > 0)
# Three releases wake three queued tasks; a task created by the first woken one runs after them (no barging).
from diffkit import *

async def main():
    sem = asyncio.Semaphore(0)
    result = []
    t4 = None
    async def c1():
        nonlocal t4
        await sem.acquire()
        t4 = asyncio.create_task(c4())
        result.append(1)
    async def c2():
        sem.release()
        sem.release()
        sem.release()
        T("c2", "locked after 3 releases", sem.locked())
        await sem.acquire()
        result.append(2)
    async def c3():
        await sem.acquire()
        result.append(3)
    async def c4():
        result.append(4)
    t1 = asyncio.create_task(c1())
    t2 = asyncio.create_task(c2())
    t3 = asyncio.create_task(c3())
    await asyncio.gather(t1, t2, t3)
    await t4
    T("main", result)

asyncio.run(main())
