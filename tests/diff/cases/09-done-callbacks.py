# ports: test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_result, test_callbacks_invoked_on_set_exception, test_remove_done_callback
# Done callbacks run via call_soon in registration order, not inside set_result; removed ones never run.
from diffkit import *

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    def cb(tag):
        def run(fut):
            T("cb", tag, fut.result())
        return run
    a, b, c = cb("a"), cb("b"), cb("c")
    f.add_done_callback(a)
    f.add_done_callback(b)
    f.add_done_callback(c)
    f.remove_done_callback(b)
    f.set_result(7)
    T("main", "after-set")
    await asyncio.sleep(0)
    T("main", "after-yield")
    g = loop.create_future()
    g.add_done_callback(lambda fut: T("cb", "exc", fut.exception()))
    g.set_exception(ValueError("boom"))
    await asyncio.sleep(0)
    # a callback added to a done future is scheduled at once
    f.add_done_callback(cb("late"))
    T("main", "added-late")
    await asyncio.sleep(0)
    async def job():
        await asyncio.sleep(1)
        return "job-result"
    t = asyncio.create_task(job())
    t.add_done_callback(lambda task: T("cb", "task", task.result()))
    await t
    T("main", "awaited-task")
    await asyncio.sleep(0)
    T("main", "end")

asyncio.run(main())
