# ports: AIO_SEMANTICS 5.2 probe exp7; test_waitfor.py AsyncioWaitForTest.test_wait_for_self_cancellation (3.11 only) is the rule that changed
# 3.12+: the cancelled caller waits for an inner task that ignores the cancel and returns its value; cancelling() stays 1.
# Pinned to 3.12 in OVERRIDES (3.11 raises CancelledError in the caller instead).
from diffkit import *

async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("inner", "ignores-cancel")
    await asyncio.sleep(1)
    return 42

async def caller():
    inner = asyncio.create_task(stubborn())
    try:
        r = await asyncio.wait_for(inner, 100)
        T("caller", "returned", r, "cancelling", asyncio.current_task().cancelling())
        return r
    except asyncio.CancelledError:
        T("caller", "CancelledError", "inner.done", inner.done())
        raise

async def main():
    c = asyncio.create_task(caller())
    await asyncio.sleep(1)
    c.cancel()
    try:
        T("main", "result", await c)
    except asyncio.CancelledError:
        T("main", "caller cancelled")

asyncio.run(main())
