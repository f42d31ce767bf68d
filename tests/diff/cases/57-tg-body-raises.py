# ports: test_taskgroups.py TestTaskGroup.test_taskgroup_07, test_taskgroup_08 (AIO_SEMANTICS 7 TG3: the body's error joins the group)
# order-independent
from diffkit import *

done = []  # cancelled children; TaskGroup cancels them in set order, so sorted below

async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        done.append(name)
        raise

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            a = tg.create_task(child("a"))
            b = tg.create_task(child("b"))
            await asyncio.sleep(1)
            raise ValueError("body")
    except ExceptionGroup as eg:
        T("main", E(eg), a.cancelled(), b.cancelled(), sorted(done))

asyncio.run(main())
