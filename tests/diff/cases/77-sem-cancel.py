# ports: test_locks.py SemaphoreTests.test_acquire_cancel, test_acquire_cancel_before_awoken, test_acquire_hang (AIO_SEMANTICS 12)
# A waiter cancelled while waiting is dropped; one woken and cancelled before it runs gives its unit back.
from diffkit import *

async def main():
    sem = asyncio.Semaphore(0)
    got = []
    async def waiter(i):
        try:
            await sem.acquire()
        except asyncio.CancelledError:
            T(f"w{i}", "cancelled")
            raise
        got.append(i)
        T(f"w{i}", "acquired")
    ws = [asyncio.create_task(waiter(i)) for i in range(4)]
    await asyncio.sleep(1)
    ws[1].cancel()
    await asyncio.sleep(0)
    sem.release()
    ws[0].cancel()
    await asyncio.sleep(1)
    sem.release()
    await asyncio.sleep(1)
    T("main", got, [t.done() for t in ws], sem.locked())
    for t in ws:
        t.cancel()
    await asyncio.gather(*ws, return_exceptions=True)

asyncio.run(main())
