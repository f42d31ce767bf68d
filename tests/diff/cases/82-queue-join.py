# ports: test_queues.py _QueueJoinTestMixin.test_task_done, test_join_empty_queue, test_task_done_underflow (AIO_SEMANTICS 13 Q6-Q8)
# order-independent
# join() returns when every put item has been task_done()'d; too many task_done() raise ValueError.
from diffkit import *

async def main():
    q = asyncio.Queue()
    await q.join()
    T("main", "join on empty returns at once")
    try:
        q.task_done()
    except ValueError:
        T("main", "task_done underflow", "ValueError")
    for i in range(5):
        q.put_nowait(i)
    total = {"sum": 0}
    async def worker(name, d):
        while True:
            v = await q.get()
            await asyncio.sleep(d)
            total["sum"] += v
            q.task_done()
    ws = [asyncio.create_task(worker("a", 1)), asyncio.create_task(worker("b", 1.5))]
    await q.join()
    T("main", "joined", total["sum"], q.qsize())
    for w in ws:
        w.cancel()
    await asyncio.gather(*ws, return_exceptions=True)

asyncio.run(main())
