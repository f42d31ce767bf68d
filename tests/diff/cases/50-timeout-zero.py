# ports: test_timeouts.py TimeoutTests.test_timeout_zero, test_timeout_zero_sleep_zero, test_timeout_in_the_past_sleep_zero (AIO_SEMANTICS 6 T4)
# A zero or past deadline: the body runs synchronously up to its first suspension, TimeoutError comes there.
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1)
    for label, mk in (("zero", lambda: asyncio.timeout(0)), ("past", lambda: asyncio.timeout_at(loop.time() - 5))):
        try:
            async with mk():
                T("body", label, "runs-sync")
                await asyncio.sleep(0)
                T("body", label, "not-reached")
        except TimeoutError:
            T("main", label, "TimeoutError")
    try:
        async with asyncio.timeout(0):
            T("body", "no-await")
        T("main", "no-await", "no-error")
    except TimeoutError:
        T("main", "no-await", "TimeoutError")

asyncio.run(main())
