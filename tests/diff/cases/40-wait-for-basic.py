# ports: test_waitfor.py AsyncioWaitForTest.test_wait_for, test_asyncio_wait_for_timeout, test_wait_for_waits_for_task_cancellation; WaitForShieldTests.test_none_timeout (AIO_SEMANTICS 5.1 F1)
# order-independent
# In time: the result. Too slow: the inner is cancelled, wait_for waits for its cleanup, then TimeoutError.
from diffkit import *

async def inner(name, d):
    try:
        await asyncio.sleep(d)
        return name
    except asyncio.CancelledError:
        T(name, "cancelled")
        await asyncio.sleep(0.5)
        T(name, "cleanup-done")
        raise

async def main():
    T("main", "fast", await asyncio.wait_for(inner("a", 1), 2))
    t = asyncio.create_task(inner("b", 5))
    try:
        await asyncio.wait_for(t, 1)
    except TimeoutError as e:
        T("main", "TimeoutError", "cause", type(e.__cause__).__name__, "b.cancelled", t.cancelled())
    T("main", "none", await asyncio.wait_for(inner("c", 3), None))

asyncio.run(main())
