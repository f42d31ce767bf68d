# ports: AIO_SEMANTICS 5.2 probe F2; test_waitfor.py WaitForShieldTests.test_shielded_timeout (3.12+), test_wait_for_issue86296 (3.12+)
# 3.12+: a coroutine given to wait_for runs inline in the caller's task (no new task). A shielded task that
# times out is not cancelled. Pinned to 3.12 in OVERRIDES (3.11 runs the coroutine in a new task).
from diffkit import *

async def who():
    await asyncio.sleep(0.5)
    return asyncio.current_task().get_name()

async def main():
    asyncio.current_task().set_name("main")
    T("main", "inner ran in", await asyncio.wait_for(who(), 1))
    t = asyncio.create_task(asyncio.sleep(3, "shielded"))
    try:
        await asyncio.wait_for(asyncio.shield(t), 1)
    except TimeoutError:
        T("main", "TimeoutError", "t.cancelled", t.cancelled())
    T("main", await t)

asyncio.run(main())
