# ports: test_taskgroups.py TestTaskGroup.test_taskgroup_finished, test_taskgroup_no_create_task_after_failure (AIO_SEMANTICS 7 TG6)
# order-independent
# create_task on a finished group, or while it is shutting down after a failure, raises RuntimeError.
from diffkit import *

async def noop():
    return 1

def try_create(who, tg):
    c = noop()
    try:
        tg.create_task(c)
        T(who, "created?!")
    except RuntimeError:
        c.close()
        T(who, "RuntimeError")

async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(asyncio.sleep(1))
    try_create("finished", tg)
    async def fails():
        await asyncio.sleep(1)
        raise ValueError("boom")
    try:
        async with asyncio.TaskGroup() as tg2:
            tg2.create_task(fails())
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                try_create("aborting", tg2)
                raise
    except ExceptionGroup as eg:
        T("main", E(eg))

asyncio.run(main())
