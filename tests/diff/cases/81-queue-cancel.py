# ports: test_queues.py QueueGetTests.test_get_cancelled_race, test_cancelled_getters_not_being_held_in_self_getters; QueuePutTests.test_get_cancel_drop_one_pending_reader, test_put_cancel_drop, test_cancelled_puts_not_being_held_in_self_putters, test_put_cancelled (AIO_SEMANTICS 13 Q9)
# A cancelled getter loses no item (the next getter gets it); a cancelled putter's item is never added.
from diffkit import *

async def main():
    q = asyncio.Queue()
    async def getter(name):
        try:
            v = await q.get()
            T(name, "got", v)
        except asyncio.CancelledError:
            T(name, "cancelled")
            raise
    g1 = asyncio.create_task(getter("g1"))
    g2 = asyncio.create_task(getter("g2"))
    await asyncio.sleep(1)
    q.put_nowait("item")
    g1.cancel()
    await asyncio.gather(g1, g2, return_exceptions=True)
    T("main", "qsize", q.qsize())
    b = asyncio.Queue(1)
    b.put_nowait("full")
    async def putter(v):
        await b.put(v)
        T("putter", "put", v)
    p1 = asyncio.create_task(putter("dropped"))
    p2 = asyncio.create_task(putter("kept"))
    await asyncio.sleep(1)
    p1.cancel()
    await asyncio.sleep(0)
    T("main", "got", b.get_nowait())
    await asyncio.sleep(0)
    T("main", "got", b.get_nowait(), "left", b.qsize(), p1.cancelled())
    await p2

asyncio.run(main())
