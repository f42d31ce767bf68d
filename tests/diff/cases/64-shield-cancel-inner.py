# ports: test_tasks.py BaseTaskTests.test_shield_cancel_inner (AIO_SEMANTICS 8 SH2)
# order-independent
from diffkit import *

async def main():
    inner = asyncio.create_task(asyncio.sleep(5))
    outer = asyncio.shield(inner)
    async def caller():
        return await outer
    c = asyncio.create_task(caller())
    await asyncio.sleep(1)
    inner.cancel()
    try:
        await c
    except asyncio.CancelledError:
        T("main", "caller got CancelledError", inner.cancelled(), outer.cancelled())

asyncio.run(main())
