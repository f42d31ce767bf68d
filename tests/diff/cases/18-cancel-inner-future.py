# ports: test_tasks.py BaseTaskTests.test_cancel_inner_future, test_cancel_both_task_and_inner_future (AIO_SEMANTICS 1.3, 2)
from diffkit import *

async def wait_on(name, f):
    try:
        await f
        return "done"
    except asyncio.CancelledError:
        T(name, "cancelled-at-await")
        raise

async def main():
    loop = asyncio.get_running_loop()
    # the future a task waits on is cancelled -> the task is cancelled
    f1 = loop.create_future()
    t1 = asyncio.create_task(wait_on("t1", f1))
    # cancelling the task cancels the future it waits on
    f2 = loop.create_future()
    t2 = asyncio.create_task(wait_on("t2", f2))
    # both cancelled
    f3 = loop.create_future()
    t3 = asyncio.create_task(wait_on("t3", f3))
    await asyncio.sleep(1)
    f1.cancel()
    t2.cancel()
    t3.cancel()
    f3.cancel()
    for n, t, f in (("t1", t1, f1), ("t2", t2, f2), ("t3", t3, f3)):
        try:
            await t
        except asyncio.CancelledError:
            pass
        T("main", n, t.cancelled(), f.cancelled())

asyncio.run(main())
