# ports: test_waitfor.py AsyncioWaitForTest.test_wait_for_race_condition, test_wait_for_cancellation_race_condition, test_wait_for_blocking
# A result that arrives before, or in the same tick as, the deadline (timer scheduled before or after wait_for's own).
from diffkit import *

async def attempt(label, fut_delay, schedule_first):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    if schedule_first:
        loop.call_later(fut_delay, fut.set_result, label)
        aw = asyncio.wait_for(fut, 1)
    else:
        aw = asyncio.create_task(asyncio.wait_for(fut, 1))
        await asyncio.sleep(0)
        loop.call_later(fut_delay, fut.set_result, label)
    try:
        T("main", label, "result", await aw)
    except TimeoutError:
        T("main", label, "TimeoutError", fut.cancelled())

async def main():
    await attempt("early", 0.5, True)
    await attempt("same-tick-first", 1, True)
    await attempt("same-tick-after", 1, False)
    done = asyncio.get_running_loop().create_future()
    done.set_result("already")
    T("main", "done-future", await asyncio.wait_for(done, 1))

asyncio.run(main())
