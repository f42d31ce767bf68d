# ports: test_tasks.py BaseTaskTests.test_wait_with_timeout, test_wait_concurrent_complete (AIO_SEMANTICS 4 W4)
# order-independent
# On timeout wait returns (done, pending): it never raises and never cancels.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    T(name, "finished")
    return name

async def main():
    a = asyncio.create_task(job("a", 1))
    b = asyncio.create_task(job("b", 5))
    done, pending = await asyncio.wait([a, b], timeout=2)
    T("main", "done", len(done), "pending", len(pending), "b", b.done(), b.cancelled())
    done, pending = await asyncio.wait([b], timeout=10)
    T("main", "done", len(done), "pending", len(pending))

asyncio.run(main())
