# ports: test_taskgroups.py TestTaskGroup.test_cancelling_level_preserved, test_nested_groups_both_cancelled (3.13 tests; AIO_SEMANTICS 7 "cancel counts are kept level")
# order-independent
# After a group that failed, the parent's cancelling() is back to its level; nested groups each undo their own cancel.
from diffkit import *

async def raise_after(t, exc):
    await asyncio.sleep(t)
    raise exc

async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(raise_after(0, RuntimeError("r")))
    except ExceptionGroup as eg:
        T("main", "first", E(eg), "cancelling", me.cancelling())
    try:
        async with asyncio.TaskGroup() as outer_tg:
            try:
                async with asyncio.TaskGroup() as inner_tg:
                    inner_tg.create_task(raise_after(0, RuntimeError("inner")))
                    outer_tg.create_task(raise_after(0, ValueError("outer")))
            except ExceptionGroup as eg:
                T("main", "inner", E(eg), "cancelling", me.cancelling())
    except ExceptionGroup as eg:
        T("main", "outer", E(eg), "cancelling", me.cancelling())

asyncio.run(main())
