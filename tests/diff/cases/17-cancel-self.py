# ports: test_tasks.py BaseTaskTests.test_cancel_current_task, test_cancel_at_end
from diffkit import *

async def self_cancel():
    me = asyncio.current_task()
    T("a", "cancel-self", me.cancel())
    T("a", "still-running", me.cancelling())
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        T("a", "cancelled-at-next-await")
        raise

async def cancel_at_end():
    await asyncio.sleep(1)
    asyncio.current_task().cancel()
    T("b", "returns-12")
    return 12

async def main():
    a = asyncio.create_task(self_cancel())
    b = asyncio.create_task(cancel_at_end())
    for t, n in ((a, "a"), (b, "b")):
        try:
            r = await t
            T("main", n, "result", r)
        except asyncio.CancelledError:
            T("main", n, "cancelled", t.cancelled())

asyncio.run(main())
