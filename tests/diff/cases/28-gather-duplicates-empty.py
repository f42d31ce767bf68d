# ports: test_tasks.py CoroutineGatherTests.test_duplicate_coroutines, FutureGatherTests.test_constructor_empty_sequence_* (AIO_SEMANTICS 3 G7, G8)
# order-independent
from diffkit import *

async def main():
    runs = []
    async def job():
        runs.append(1)
        await asyncio.sleep(1)
        return "d"
    t = asyncio.create_task(job())
    r = await asyncio.gather(t, t)
    T("main", r, "ran", len(runs))
    r = await asyncio.gather()
    T("main", "empty", r)

asyncio.run(main())
