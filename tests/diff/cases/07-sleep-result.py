# ports: test_tasks.py SleepTests.test_sleep (AIO_SEMANTICS 1.2 O6: sleep(d<=0) is sleep(0) and returns result)
# order-independent
from diffkit import *

async def main():
    T("main", await asyncio.sleep(0, "zero"))
    T("main", await asyncio.sleep(-1, "negative"))
    T("main", await asyncio.sleep(1.5, "later"))
    T("main", await asyncio.sleep(0.25))
    T("main", await asyncio.sleep(2, 42))

asyncio.run(main())
