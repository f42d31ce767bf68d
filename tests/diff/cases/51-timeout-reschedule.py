# ports: test_timeouts.py TimeoutTests.test_timeout_disabled, test_reschedule (AIO_SEMANTICS 6 reschedule)
# order-independent
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as cm:
            await asyncio.sleep(1)
            cm.reschedule(loop.time() + 1)
            T("main", "rescheduled", cm.when())
            await asyncio.sleep(10)
    except TimeoutError:
        T("main", "TimeoutError")
    async with asyncio.timeout(1) as cm:
        cm.reschedule(None)
        T("main", "disabled", cm.when())
        await asyncio.sleep(3)
    T("main", "no-timeout", cm.expired())
    try:
        async with asyncio.timeout(10) as cm:
            await asyncio.sleep(1)
            cm.reschedule(loop.time() - 1)
            T("main", "moved-to-past")
            await asyncio.sleep(5)
    except TimeoutError:
        T("main", "TimeoutError", cm.expired())
    try:
        async with asyncio.timeout(1) as cm:
            cm.reschedule(loop.time() + 3)
            await asyncio.sleep(10)
    except TimeoutError:
        T("main", "extended", "TimeoutError")

asyncio.run(main())
