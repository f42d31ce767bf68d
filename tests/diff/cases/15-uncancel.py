# ports: test_tasks.py BaseTaskTests.test_uncancel_basic (AIO_SEMANTICS 2 C5)
# order-independent
# uncancel() decrements cancelling() and lets a task that caught its cancel carry on.
from diffkit import *

async def body():
    me = asyncio.current_task()
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("t", "caught", me.cancelling())
        T("t", "uncancel", me.uncancel(), me.cancelling())
    await asyncio.sleep(1)
    T("t", "slept-again")
    return "fine"

async def main():
    t = asyncio.create_task(body())
    await asyncio.sleep(1)
    t.cancel()
    T("main", "cancelling", t.cancelling())
    T("main", await t, t.cancelled(), t.cancelling())

asyncio.run(main())
