# ports: test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0, test_wait_for_timeout_less_then_0_or_0_future_done, test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started, test_wait_for_waits_for_task_cancellation_w_timeout_0; WaitForShieldTests.test_zero_timeout (AIO_SEMANTICS 5.1 F3, F6)
from diffkit import *

async def body(name):
    T(name, "body-ran")
    return name

async def main():
    loop = asyncio.get_running_loop()
    for to in (0, -1):
        try:
            await asyncio.wait_for(body(f"coro{to}"), to)
        except TimeoutError:
            T("main", "coroutine", to, "TimeoutError")
    f = loop.create_future()
    f.set_result("ready")
    T("main", "done future", await asyncio.wait_for(f, 0))
    async def slow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            T("slow", "cancelled")
            await asyncio.sleep(1)
            T("slow", "cleanup-done")
            raise
    t = asyncio.create_task(slow())
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(t, 0)
    except TimeoutError:
        T("main", "running task", "TimeoutError", t.cancelled())

asyncio.run(main())
