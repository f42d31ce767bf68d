# ports: AIO_SEMANTICS 1.2 O5 (waiters on one future resume in the order they started waiting); test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_result
from diffkit import *

async def waiter(i, fut):
    T(f"w{i}", "waiting")
    v = await fut
    T(f"w{i}", "got", v)

async def main():
    fut = asyncio.get_running_loop().create_future()
    ts = [asyncio.create_task(waiter(i, fut)) for i in range(4)]
    await asyncio.sleep(1)
    fut.set_result("go")
    T("main", "set", fut.done())
    await asyncio.gather(*ts)
    T("main", "end")

asyncio.run(main())
