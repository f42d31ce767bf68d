# ports: test_queues.py QueueGetTests.test_blocking_get_wait, test_why_are_getters_waiting, test_get_with_putters; QueuePutTests.test_blocking_put_wait, test_why_are_putters_waiting, test_put_with_waiting_getters (AIO_SEMANTICS 13 Q4, Q5)
# Blocked getters and putters are served FIFO.
from diffkit import *

async def main():
    q = asyncio.Queue(1)
    async def getter(i):
        v = await q.get()
        T(f"g{i}", "got", v)
    gs = [asyncio.create_task(getter(i)) for i in range(3)]
    await asyncio.sleep(1)
    for v in ("x", "y", "z"):
        await q.put(v)
        T("main", "put", v)
    await asyncio.gather(*gs)
    await q.put("first")
    async def putter(i):
        await q.put(f"p{i}")
        T(f"p{i}", "put")
    ps = [asyncio.create_task(putter(i)) for i in range(3)]
    await asyncio.sleep(1)
    got = []
    for _ in range(4):
        got.append(await q.get())
        await asyncio.sleep(0.5)
    await asyncio.gather(*ps)
    T("main", got, q.empty())

asyncio.run(main())
