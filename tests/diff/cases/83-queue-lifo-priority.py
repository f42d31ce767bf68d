# ports: test_queues.py QueueBasicTests.test_order (LifoQueue, PriorityQueue) (AIO_SEMANTICS 13 Q10)
# order-independent
from diffkit import *

async def main():
    lq = asyncio.LifoQueue()
    for v in (1, 2, 3):
        lq.put_nowait(v)
    T("main", "lifo", [lq.get_nowait() for _ in range(3)])
    pq = asyncio.PriorityQueue()
    for prio, v in ((3, "c"), (1, "a"), (2, "b"), (0, "z")):
        await pq.put((prio, v))
    out = []
    while not pq.empty():
        prio, v = await pq.get()
        out.append(f"{prio}:{v}")
    T("main", "priority", out)

asyncio.run(main())
