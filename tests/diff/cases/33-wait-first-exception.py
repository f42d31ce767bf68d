# ports: test_tasks.py BaseTaskTests.test_wait_first_exception, test_wait_first_exception_in_wait (AIO_SEMANTICS 4 W2, W3, W3b)
# order-independent
# FIRST_EXCEPTION returns at the first error; a cancelled task is not an error; no error = ALL_COMPLETED.
from diffkit import *

async def job(name, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(name)
    return name

async def main():
    a = asyncio.create_task(job("a", 5))
    b = asyncio.create_task(job("b", 2, True))
    c = asyncio.create_task(job("c", 1))
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_EXCEPTION)
    T("main", "done", len(done), "pending", len(pending), E(b.exception()))
    d = asyncio.create_task(job("d", 3))
    e = asyncio.create_task(job("e", 1))
    asyncio.get_running_loop().call_later(0.5, e.cancel)
    done, pending = await asyncio.wait([d, e], return_when=asyncio.FIRST_EXCEPTION)
    T("main", "no-error", len(done), len(pending), e.cancelled())
    done, pending = await asyncio.wait([a], return_when=asyncio.FIRST_EXCEPTION)
    T("main", "a", a.result())

asyncio.run(main())
