# ports: test_tasks.py BaseTaskTests.test_shield_effect, test_shield_cancel_outer (AIO_SEMANTICS 8 SH1)
# order-independent
# Cancelling the caller cancels the shield's outer future only; the inner task runs on and keeps its result.
from diffkit import *

async def work():
    await asyncio.sleep(3)
    T("inner", "finished")
    return "result"

async def main():
    inner = asyncio.create_task(work())
    async def caller():
        return await asyncio.shield(inner)
    c = asyncio.create_task(caller())
    await asyncio.sleep(1)
    c.cancel()
    try:
        await c
    except asyncio.CancelledError:
        T("main", "caller cancelled", c.cancelled(), "inner", inner.done(), inner.cancelled())
    T("main", "inner", await inner)

asyncio.run(main())
