# ports: test_timeouts.py TimeoutTests.test_timeout_at_basic, test_timeout_at_disabled, test_timeout_expiring (AIO_SEMANTICS 6 when())
# order-independent
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(2)
    deadline = loop.time() + 1.5
    try:
        async with asyncio.timeout_at(deadline) as cm:
            T("main", "when", cm.when())
            await asyncio.sleep(10)
    except TimeoutError:
        T("main", "TimeoutError", cm.expired())
    async with asyncio.timeout_at(None) as cm:
        T("main", "when", cm.when())
        await asyncio.sleep(3)
    T("main", "no-deadline", cm.expired())

asyncio.run(main())
