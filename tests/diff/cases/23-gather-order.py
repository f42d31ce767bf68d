# ports: test_tasks.py GatherTestsBase.test_success, test_result_exception_success (AIO_SEMANTICS 3 G1)
# order-independent
# Results follow argument order, not completion order.
from diffkit import *

async def job(name, d):
    await asyncio.sleep(d)
    T(name, "finished")
    return name

async def main():
    r = await asyncio.gather(job("a", 3), job("b", 1), job("c", 2))
    T("main", r)
    r = await asyncio.gather(job("x", 1), job("y", 0.5), return_exceptions=True)
    T("main", r)

asyncio.run(main())
