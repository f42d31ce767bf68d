# ports: test_tasks.py BaseTaskTests.test_uncancel_structured_blocks (AIO_SEMANTICS 2 cancelling/uncancel)
# order-independent
# A hand-made timeout: cancel() on expiry, uncancel() at the block end; only "my" cancel becomes TimeoutError.
from diffkit import *

async def with_timeout(name, delay, work, foreign_at=None):
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    timed_out = False
    def on_timeout():
        nonlocal timed_out
        timed_out = True
        task.cancel()
    h = loop.call_later(delay, on_timeout)
    if foreign_at is not None:
        loop.call_later(foreign_at, task.cancel)
    try:
        await asyncio.sleep(work)
        h.cancel()
        T(name, "finished-in-time")
    except asyncio.CancelledError:
        h.cancel()
        left = task.uncancel() if timed_out else task.cancelling()
        T(name, "cancelled", "timed_out", timed_out, "left", left)
        if timed_out and left == 0:
            T(name, "-> TimeoutError")
            return "timeout"
        T(name, "-> CancelledError")
        raise
    return "ok"

async def main():
    for name, args in (("fast", (2, 1)), ("slow", (1, 2)), ("both", (1, 3, 1))):
        t = asyncio.create_task(with_timeout(name, *args))
        try:
            T("main", name, await t, t.cancelling())
        except asyncio.CancelledError:
            T("main", name, "cancelled", t.cancelled())

asyncio.run(main())
