# ports: test_locks.py ConditionTests.test_timeout_in_block, test_wait_cancel_contested (AIO_SEMANTICS 11 C4)
# order-independent
# wait() interrupted by a timeout still re-acquires the lock before TimeoutError reaches the block.
from diffkit import *

async def main():
    cond = asyncio.Condition()
    async with cond:
        try:
            await asyncio.wait_for(cond.wait(), 0.5)
        except TimeoutError:
            T("main", "TimeoutError", "holds lock", cond.locked())
        try:
            async with asyncio.timeout(0.5):
                await cond.wait()
        except TimeoutError:
            T("main", "TimeoutError", "holds lock", cond.locked())
    T("main", "released", cond.locked())

asyncio.run(main())
