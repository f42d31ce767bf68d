# ports: test_waitfor.py AsyncioWaitForTest.test_cancel_wait_for, test_cancel_blocking_wait_for, test_asyncio_wait_for_cancelled (AIO_SEMANTICS 5.1 F5)
# order-independent
# Cancelling the caller of wait_for cancels the inner awaitable too; no TimeoutError.
from diffkit import *

async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("inner", "cancelled")
        raise

async def main():
    t = asyncio.create_task(inner())
    async def caller():
        try:
            return await asyncio.wait_for(t, 5)
        except TimeoutError:
            T("caller", "TimeoutError")
        except asyncio.CancelledError:
            T("caller", "CancelledError")
            raise
    c = asyncio.create_task(caller())
    await asyncio.sleep(1)
    c.cancel()
    try:
        await c
    except asyncio.CancelledError:
        T("main", "caller", c.cancelled(), "inner", t.cancelled())

asyncio.run(main())
