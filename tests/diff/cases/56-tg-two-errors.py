# ports: test_taskgroups.py TestTaskGroup.test_taskgroup_03, test_taskgroup_04 (AIO_SEMANTICS 7 TG2: every non-cancel error is collected)
# order-independent
from diffkit import *

async def fails(name, d):
    await asyncio.sleep(d)
    raise ValueError(name)

async def bad_cleanup():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.sleep(0.5)
        raise ValueError("cleanup")

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fails("first", 1))
            tg.create_task(bad_cleanup())
            tg.create_task(asyncio.sleep(3))
    except ExceptionGroup as eg:
        T("main", E(eg))

asyncio.run(main())
