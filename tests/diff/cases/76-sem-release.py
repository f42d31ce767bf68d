# ports: test_locks.py SemaphoreTests.test_initial_value_zero, test_release_not_acquired, test_release_no_waiters, test_semaphore_value (AIO_SEMANTICS 12 S2, S3, S5)
# order-independent
from diffkit import *

async def main():
    try:
        asyncio.Semaphore(-1)
    except ValueError:
        T("main", "negative", "ValueError")
    zero = asyncio.Semaphore(0)
    T("main", "zero locked", zero.locked())
    s = asyncio.Semaphore(1)
    s.release()
    s.release()
    got = 0
    while not s.locked():
        await s.acquire()
        got += 1
    T("main", "plain semaphore over-released, acquired", got)
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError:
        T("main", "bounded over-release", "ValueError")

asyncio.run(main())
