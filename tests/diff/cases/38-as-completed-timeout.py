# ports: test_tasks.py BaseTaskTests.test_as_completed_with_timeout (AIO_SEMANTICS 4 as_completed)
# order-independent
# After the timeout the next await raises TimeoutError; unfinished tasks are not cancelled.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    T(name, "finished")
    return name

async def main():
    a = asyncio.create_task(job("a", 3))
    b = asyncio.create_task(job("b", 1))
    try:
        for aw in asyncio.as_completed([a, b], timeout=2):
            T("main", "got", await aw)
    except TimeoutError:
        T("main", "TimeoutError", "a", a.done(), a.cancelled())
    T("main", "a", await a)

asyncio.run(main())
