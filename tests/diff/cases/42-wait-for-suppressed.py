# ports: test_waitfor.py AsyncioWaitForTest.test_wait_for_cancel_suppressed (3.12+, 3.11 agrees), test_wait_for_reraises_exception_during_cancellation (AIO_SEMANTICS 5.1 F4, F7)
# order-independent
# An inner that swallows the cancel and returns: wait_for returns that value, no TimeoutError.
# An inner that raises something else while cancelled: that error propagates.
from diffkit import *

async def swallow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("swallow", "cancelled")
        await asyncio.sleep(0.5)
        return "kept"

async def reraise():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("reraise", "cancelled")
        raise ValueError("during-cancel")

async def main():
    t1 = asyncio.create_task(swallow())
    try:
        T("main", "returned", await asyncio.wait_for(t1, 1))
    except TimeoutError:
        T("main", "TimeoutError")
    t2 = asyncio.create_task(reraise())
    try:
        await asyncio.wait_for(t2, 1)
    except TimeoutError:
        T("main", "TimeoutError")
    except ValueError as e:
        T("main", "raised", E(e))

asyncio.run(main())
