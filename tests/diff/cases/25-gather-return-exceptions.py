# ports: test_tasks.py GatherTestsBase.test_return_exceptions, FutureGatherTests.test_result_exception_one_cancellation (AIO_SEMANTICS 3 G3, G6)
# order-independent
from diffkit import *

async def ok(d):
    await asyncio.sleep(d)
    return d

async def bad(d):
    await asyncio.sleep(d)
    raise ValueError(f"bad{d}")

async def main():
    victim = asyncio.create_task(ok(5))
    asyncio.get_running_loop().call_later(1.5, victim.cancel)
    r = await asyncio.gather(ok(1), bad(2), victim, bad(0.5), return_exceptions=True)
    T("main", r)

asyncio.run(main())
