# ports: test_taskgroups.py TestTaskGroup.test_taskgroup_13, test_taskgroup_14, test_taskgroup_task_name (AIO_SEMANTICS 7 nested groups)
# order-independent
# An inner group's ExceptionGroup counts as one error of the outer group. Children keep their names.
from diffkit import *

async def fails(name, d):
    await asyncio.sleep(d)
    raise ValueError(name)

async def inner_group():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fails("inner", 1))

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            t = tg.create_task(inner_group(), name="nested")
            T("main", "name", t.get_name())
            tg.create_task(asyncio.sleep(5))
    except ExceptionGroup as eg:
        T("main", E(eg))

asyncio.run(main())
