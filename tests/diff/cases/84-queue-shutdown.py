# ports: test_queues.py _QueueShutdownTestMixin.test_shutdown_empty, test_shutdown_nonempty (3.13 only; AIO_SEMANTICS 13 QS1-QS4, QS7)
# Pinned to 3.13 in OVERRIDES. shutdown(): puts raise QueueShutDown, gets drain what is left then raise; blocked getters are woken with it.
from diffkit import *

async def main():
    q = asyncio.Queue()
    async def getter(name):
        try:
            await q.get()
        except asyncio.QueueShutDown:
            T(name, "QueueShutDown")
    g = asyncio.create_task(getter("blocked-getter"))
    await asyncio.sleep(1)
    q.shutdown()
    await g
    try:
        await q.put(1)
    except asyncio.QueueShutDown:
        T("main", "put", "QueueShutDown")
    q2 = asyncio.Queue(1)
    q2.put_nowait("left")
    async def putter():
        try:
            await q2.put("blocked")
        except asyncio.QueueShutDown:
            T("blocked-putter", "QueueShutDown")
    p = asyncio.create_task(putter())
    await asyncio.sleep(1)
    q2.shutdown()
    await p
    T("main", "drain", await q2.get())
    try:
        q2.get_nowait()
    except asyncio.QueueShutDown:
        T("main", "get after drain", "QueueShutDown")
    try:
        q2.put_nowait(2)
    except asyncio.QueueShutDown:
        T("main", "put_nowait", "QueueShutDown")

asyncio.run(main())
