# ports: test_tasks.py BaseTaskTests.test_shield_result, test_shield_exception, test_shield_shortcut (AIO_SEMANTICS 8)
# order-independent
from diffkit import *

async def ok():
    await asyncio.sleep(1)
    return "value"

async def bad():
    await asyncio.sleep(1)
    raise ValueError("inner")

async def main():
    T("main", "result", await asyncio.shield(asyncio.create_task(ok())))
    try:
        await asyncio.shield(asyncio.create_task(bad()))
    except ValueError as e:
        T("main", "exception", E(e))
    done = asyncio.create_task(ok())
    await done
    T("main", "shortcut", asyncio.shield(done) is done, await asyncio.shield(done))

asyncio.run(main())
