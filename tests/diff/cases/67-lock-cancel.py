# ports: test_locks.py LockTests.test_acquire_cancel, test_cancel_race, test_cancel_release_race, test_finished_waiter_cancelled, test_release_not_acquired (AIO_SEMANTICS 9 L2, L3)
# A cancelled waiter is skipped; a woken waiter cancelled before it runs passes the lock on; releasing an unlocked lock raises.
from diffkit import *

async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError:
        T("main", "release-unlocked", "RuntimeError")
    got = []
    async def waiter(i):
        try:
            await lock.acquire()
        except asyncio.CancelledError:
            T(f"w{i}", "cancelled")
            raise
        got.append(i)
        T(f"w{i}", "acquired")
        lock.release()
    await lock.acquire()
    ws = [asyncio.create_task(waiter(i)) for i in range(4)]
    await asyncio.sleep(0)
    ws[1].cancel()
    await asyncio.sleep(0)
    lock.release()
    ws[0].cancel()
    await asyncio.gather(*ws, return_exceptions=True)
    T("main", got, [t.cancelled() for t in ws], lock.locked())

asyncio.run(main())
