# ports: test_tasks.py BaseTaskTests.test_wait_errors, test_wait_invalid_args, test_wait_duplicate_coroutines (AIO_SEMANTICS 4 W5, W6)
# order-independent
# An empty list and a bad return_when raise ValueError; the same task twice counts once.
from diffkit import *

async def main():
    try:
        await asyncio.wait([])
    except ValueError:
        T("main", "empty", "ValueError")
    t = asyncio.create_task(asyncio.sleep(1, "v"))
    try:
        await asyncio.wait([t], return_when="BOGUS")
    except ValueError:
        T("main", "bad return_when", "ValueError")
    done, pending = await asyncio.wait([t, t])
    T("main", "dup", len(done), len(pending), t.result())

asyncio.run(main())
