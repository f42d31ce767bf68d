# ports: test_tasks.py BaseTaskTests.test_task_cancel_sleeping_task, test_sleep_cancel
# order-independent
# The cancel lands in the sleep at once; cleanup may still await before re-raising.
from diffkit import *

async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("t", "cancelled-in-sleep")
        await asyncio.sleep(0.5)
        T("t", "cleanup-done")
        raise

async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    t.cancel()
    T("main", "cancel-requested")
    try:
        await t
    except asyncio.CancelledError:
        T("main", "task-cancelled", t.cancelled())
    await asyncio.sleep(20)
    T("main", "nothing-left")

asyncio.run(main())
