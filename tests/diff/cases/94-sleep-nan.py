# ports: test_tasks.py SleepTests.test_sleep_when_delay_is_nan (3.13 test; AIO_SEMANTICS 1.2 "sleep(nan) raises ValueError [3.13]")
# order-independent
from diffkit import *

async def main():
    try:
        await asyncio.sleep(float("nan"))
        T("main", "slept?!")
    except ValueError:
        T("main", "ValueError")

asyncio.run(main())
