# ports: test_taskgroups.py TestTaskGroup.test_error_and_cancel (3.13 test; AIO_SEMANTICS 7 "the parent is cancelled from outside ... errors win")
# A child error and an outside cancel at once: the group raises the errors, the outside cancel stays pending
# (cancelling() == 1) and hits the next await.
from diffkit import *

async def main():
    event = asyncio.Event()
    async def raise_error():
        event.set()
        await asyncio.sleep(0)
        raise RuntimeError("child")
    async def inner():
        me = asyncio.current_task()
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(raise_error())
                await asyncio.sleep(1)
                T("inner", "not-reached")
        except ExceptionGroup as eg:
            T("inner", E(eg), "cancelling", me.cancelling())
        try:
            await asyncio.sleep(1)
            T("inner", "not-reached-2")
        except asyncio.CancelledError:
            T("inner", "next await cancelled")
            raise
    t = asyncio.create_task(inner())
    await event.wait()
    T("main", "cancelling before", t.cancelling())
    t.cancel()
    T("main", "cancelling after", t.cancelling())
    try:
        await t
    except asyncio.CancelledError:
        T("main", "inner cancelled", t.cancelled())

asyncio.run(main())
