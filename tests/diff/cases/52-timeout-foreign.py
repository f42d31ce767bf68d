# ports: test_timeouts.py TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired, test_foreign_exception_passed, test_waiter_cancelled (AIO_SEMANTICS 6 T6)
# order-independent
# A cancel from someone else stays a CancelledError; an error from the body passes through; expired() is False.
from diffkit import *

async def cancelled_from_outside():
    try:
        async with asyncio.timeout(5) as cm:
            await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("task", "CancelledError", "expired", cm.expired())
        raise
    except TimeoutError:
        T("task", "TimeoutError?!")

async def main():
    t = asyncio.create_task(cancelled_from_outside())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        T("main", "task cancelled", t.cancelled())
    try:
        async with asyncio.timeout(5) as cm:
            await asyncio.sleep(1)
            raise KeyError("k")
    except KeyError as e:
        T("main", "foreign", type(e).__name__, "expired", cm.expired())

asyncio.run(main())
