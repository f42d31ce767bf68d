# ports: test_tasks.py FutureGatherTests.test_one_cancellation (AIO_SEMANTICS 3 G5)
# order-independent
# A child cancelled by someone else: gather raises CancelledError, but the siblings run on.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    T(name, "finished")
    return name

async def main():
    a = asyncio.create_task(job("a", 3))
    b = asyncio.create_task(job("b", 5))
    g = asyncio.gather(a, b)
    asyncio.get_running_loop().call_later(1, b.cancel)
    try:
        await g
    except asyncio.CancelledError:
        T("main", "gather raised CancelledError", "a.done", a.done())
    await asyncio.sleep(5)
    T("main", "a", a.result(), "b", b.cancelled())

asyncio.run(main())
