# ports: test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate, test_shutdown_immediate_with_unfinished (3.13 only; AIO_SEMANTICS 13 QS5, QS6)
# Pinned to 3.13 in OVERRIDES. shutdown(immediate=True) empties the queue, drops the unfinished count by the
# number of items removed (items already taken still need task_done) and releases join() at zero.
from diffkit import *

async def main():
    q = asyncio.Queue()
    for i in range(4):
        q.put_nowait(i)
    taken = await q.get()
    async def joiner():
        await q.join()
        T("joiner", "released")
    j = asyncio.create_task(joiner())
    await asyncio.sleep(1)
    q.shutdown(immediate=True)
    T("main", "after shutdown", q.qsize(), q.empty(), j.done())
    try:
        await q.get()
    except asyncio.QueueShutDown:
        T("main", "get", "QueueShutDown")
    await asyncio.sleep(1)
    T("main", "joiner still waiting for the taken item", not j.done(), taken)
    q.task_done()
    await j

asyncio.run(main())
