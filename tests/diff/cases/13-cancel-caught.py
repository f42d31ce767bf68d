# ports: test_tasks.py BaseTaskTests.test_cancel_task_catching, test_cancel_task_ignoring (AIO_SEMANTICS 2 C3)
# order-independent
# A task that catches its CancelledError and returns is not cancelled.
from diffkit import *

async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("t", "caught-cancel")
    await asyncio.sleep(1)
    T("t", "still-working")
    return "ignored"

async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    t.cancel()
    r = await t
    T("main", r, t.cancelled(), t.cancelling(), t.done())

asyncio.run(main())
