# ports: test_taskgroups.py TestTaskGroup.test_taskgroup_01, test_taskgroup_02, test_taskgroup_23 (AIO_SEMANTICS 7 normal exit)
# order-independent
# The group waits for every child, including one created while it is already waiting.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    T(name, "finished")
    return name

async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(job("a", 1))
        b = tg.create_task(job("b", 2))
        async def spawner():
            await asyncio.sleep(1.5)
            tg.create_task(job("late", 1))
        tg.create_task(spawner())
        T("body", "end")
    T("main", "group done", a.result(), b.result())

asyncio.run(main())
