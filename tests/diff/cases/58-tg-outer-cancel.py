# ports: test_taskgroups.py TestTaskGroup.test_cancellation, test_taskgroup_11, test_taskgroup_12 (AIO_SEMANTICS 7 TG4)
# order-independent
# The parent cancelled from outside: children are cancelled, a plain CancelledError comes out (no group).
from diffkit import *

done = []  # cancelled children; TaskGroup cancels them in set order, so sorted below

async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        done.append(name)
        raise

async def parent():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("a"))
            tg.create_task(child("b"))
            await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("parent", "CancelledError", asyncio.current_task().cancelling(), sorted(done))
        raise
    except ExceptionGroup:
        T("parent", "ExceptionGroup?!")

async def main():
    p = asyncio.create_task(parent())
    await asyncio.sleep(1)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        T("main", "parent cancelled", p.cancelled())

asyncio.run(main())
