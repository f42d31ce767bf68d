# ports: test_tasks.py GatherTestsBase.test_one_exception, CoroutineGatherTests.test_exception_marking (AIO_SEMANTICS 3 G2)
# order-independent
# The first error reaches the awaiter at once; siblings are NOT cancelled and keep running.
# Later errors are marked retrieved: no "never retrieved" log.
from diffkit import *

async def ok(name, d):
    await asyncio.sleep(d)
    T(name, "finished")
    return name

async def bad(name, d):
    await asyncio.sleep(d)
    T(name, "raises")
    raise ValueError(name)

async def main():
    a = asyncio.create_task(ok("a", 3))
    try:
        await asyncio.gather(a, bad("b", 1), bad("c", 2))
    except ValueError as e:
        T("main", "gather raised", E(e), "a.done", a.done())
    await asyncio.sleep(5)
    T("main", "a", a.done(), a.cancelled(), a.result())

asyncio.run(main())
