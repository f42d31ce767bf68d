# ports: test_locks.py EventTests.test_wait_cancel (AIO_SEMANTICS 10: a cancelled waiter is simply removed)
# order-independent
from diffkit import *

async def main():
    ev = asyncio.Event()
    async def waiter(name):
        try:
            await ev.wait()
            T(name, "woke")
        except asyncio.CancelledError:
            T(name, "cancelled")
            raise
    a = asyncio.create_task(waiter("a"))
    b = asyncio.create_task(waiter("b"))
    await asyncio.sleep(1)
    a.cancel()
    await asyncio.sleep(1)
    ev.set()
    await asyncio.gather(a, b, return_exceptions=True)
    T("main", a.cancelled(), b.cancelled())

asyncio.run(main())
