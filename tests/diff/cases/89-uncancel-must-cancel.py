# ports: test_tasks.py BaseTaskTests.test_uncancel_resets_must_cancel (3.13 only; AIO_SEMANTICS 2 cancelling/uncancel)
# Pinned to 3.13 in OVERRIDES: uncancel() bringing the count to 0 also withdraws a cancel that has not been
# delivered yet, so the task runs normally.
from diffkit import *

async def body():
    T("t", "runs")
    await asyncio.sleep(1)
    return "finished"

async def main():
    t = asyncio.create_task(body())
    t.cancel()
    T("main", "uncancel", t.uncancel(), t.cancelling())
    try:
        T("main", "result", await t)
    except asyncio.CancelledError:
        T("main", "cancelled anyway")

asyncio.run(main())
