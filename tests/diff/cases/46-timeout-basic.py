# ports: test_timeouts.py TimeoutTests.test_timeout_basic, test_timeout_not_called, test_outer_task_is_not_cancelled, test_timeout_expired (AIO_SEMANTICS 6 T1)
# order-independent
# Expiry cancels the body and surfaces as TimeoutError at the block; afterwards the task is not cancelled.
from diffkit import *

async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.timeout(1) as cm:
            T("body", "start")
            await asyncio.sleep(10)
            T("body", "not-reached")
    except TimeoutError:
        T("main", "TimeoutError", "expired", cm.expired(), "cancelling", me.cancelling())
    async with asyncio.timeout(10) as cm2:
        await asyncio.sleep(1)
    T("main", "in-time", "expired", cm2.expired())
    r = None
    async with asyncio.timeout(5):
        r = await asyncio.sleep(1, "value")
    T("main", "value", r)
    await asyncio.sleep(1)
    T("main", "still-running", me.cancelled(), me.cancelling())

asyncio.run(main())
