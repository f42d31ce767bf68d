# ports: test_locks.py LockTests.test_acquire, test_context_manager (AIO_SEMANTICS 9 L1: FIFO, no barging)
# Waiters are served FIFO; a task created right after release() still queues behind them.
from diffkit import *

async def main():
    lock = asyncio.Lock()
    order = []
    async def worker(i):
        async with lock:
            order.append(i)
            T(f"w{i}", "has-lock")
            await asyncio.sleep(1)
    await lock.acquire()
    ws = [asyncio.create_task(worker(i)) for i in range(4)]
    await asyncio.sleep(1)
    lock.release()
    late = asyncio.create_task(worker("late"))
    await asyncio.gather(*ws, late)
    T("main", order, lock.locked())

asyncio.run(main())
