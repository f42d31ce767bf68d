# ports: test_locks.py SemaphoreTests.test_acquire, test_acquire_fifo_order, test_acquire_fifo_order_2, test_acquire_fifo_order_3, test_acquire_no_hang (AIO_SEMANTICS 12 S6)
# Waiters are served FIFO with no barging: locked() is true while anyone waits.
from diffkit import *

async def main():
    sem = asyncio.Semaphore(1)
    order = []
    async def worker(i):
        r = await sem.acquire()
        order.append(i)
        T(f"w{i}", "acquired", r)
        await asyncio.sleep(1)
        sem.release()
    T("main", "acquire", await sem.acquire(), sem.locked())
    ws = [asyncio.create_task(worker(i)) for i in range(4)]
    await asyncio.sleep(1)
    sem.release()
    T("main", "released", sem.locked())
    ws.append(asyncio.create_task(worker("late")))
    await asyncio.gather(*ws)
    T("main", order, sem.locked())

asyncio.run(main())
