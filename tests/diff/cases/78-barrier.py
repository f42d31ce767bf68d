# ports: test_locks.py BarrierTests.test_barrier, test_wait_task_multi, test_abort_barrier, test_reset_barrier (AIO_SEMANTICS 12 B1)
# Each party gets a distinct index; abort() breaks the barrier for waiters; reset() makes it usable again.
from diffkit import *

async def main():
    b = asyncio.Barrier(3)
    async def party(name, d):
        await asyncio.sleep(d)
        i = await b.wait()
        T(name, "passed", i)
    await asyncio.gather(party("a", 1), party("b", 2), party("c", 3))
    T("main", "parties", b.parties, "waiting", b.n_waiting, "broken", b.broken)
    async def stuck(name):
        try:
            await b.wait()
        except asyncio.BrokenBarrierError:
            T(name, "BrokenBarrierError")
    ts = [asyncio.create_task(stuck("x")), asyncio.create_task(stuck("y"))]
    await asyncio.sleep(1)
    T("main", "waiting", b.n_waiting)
    await b.abort()
    await asyncio.gather(*ts)
    T("main", "broken", b.broken)
    await b.reset()
    T("main", "reset", b.broken, b.n_waiting)

asyncio.run(main())
