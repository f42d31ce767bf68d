# ports: test_locks.py LockTests.test_lock, test_release_no_waiters (AIO_SEMANTICS 9 L0)
# Between release() and the woken waiter running, locked() is False, yet a newcomer cannot take the lock.
from diffkit import *

async def main():
    lock = asyncio.Lock()
    T("main", "acquire", await lock.acquire(), lock.locked())
    async def waiter():
        await lock.acquire()
        T("waiter", "acquired")
        await asyncio.sleep(1)
        lock.release()
    async def newcomer():
        T("newcomer", "tries", lock.locked())
        await lock.acquire()
        T("newcomer", "acquired")
        lock.release()
    w = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    lock.release()
    T("main", "released", lock.locked())
    n = asyncio.create_task(newcomer())
    await asyncio.gather(w, n)
    T("main", "end", lock.locked())
    await lock.acquire()
    lock.release()
    T("main", "no-waiters", lock.locked())

asyncio.run(main())
