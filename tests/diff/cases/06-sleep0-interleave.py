# ports: test_tasks.py SleepTests.test_sleep_zero (AIO_SEMANTICS 1.2 O2, sleep(0) is a bare yield)
# Two tasks alternating sleep(0) interleave; a call_soon made before sleep(0) runs before the task resumes.
from diffkit import *

async def worker(name):
    for i in range(3):
        T(name, i)
        await asyncio.sleep(0)

async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(worker("A"))
    b = asyncio.create_task(worker("B"))
    await asyncio.gather(a, b)
    loop.call_soon(T, "cb", "soon")
    await asyncio.sleep(0)
    T("main", "resumed")

asyncio.run(main())
