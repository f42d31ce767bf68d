# ports: test_taskgroups.py TestTaskGroup.test_cancel_children_on_child_error, test_taskgroup_09, test_taskgroup_10 (AIO_SEMANTICS 7 TG1)
# The first failure cancels the siblings and the body; the error comes out in an ExceptionGroup, even alone.
from diffkit import *

async def job(name, d, fail=False):
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError:
        T(name, "cancelled")
        raise
    if fail:
        T(name, "raises")
        raise ValueError(name)
    return name

async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            a = tg.create_task(job("a", 5))
            tg.create_task(job("b", 1, True))
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                T("body", "cancelled", me.cancelling())
                raise
    except ExceptionGroup as eg:
        T("main", E(eg))
    T("main", "a", a.cancelled(), "cancelling", me.cancelling())

asyncio.run(main())
