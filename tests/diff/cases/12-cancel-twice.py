# ports: test_tasks.py BaseTaskTests.test_cancelling (AIO_SEMANTICS 2 C2); cancel() on a done task returns False
# order-independent
from diffkit import *

async def body():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("t", "cancelled-once", asyncio.current_task().cancelling())
        raise

async def main():
    t = asyncio.create_task(body())
    await asyncio.sleep(1)
    T("main", t.cancel(), t.cancel(), t.cancelling())
    try:
        await t
    except asyncio.CancelledError:
        T("main", "caught")
    T("main", t.cancelled(), t.cancel(), t.cancelling())

asyncio.run(main())
