# ports: test_tasks.py BaseTaskTests.test_wait, test_wait_with_exception, test_wait_with_iterator_of_tasks (AIO_SEMANTICS 4)
# order-independent
# ALL_COMPLETED: returns when all are done; errors stay inside the tasks. (aio returns lists in input order; sets sorted here.)
from diffkit import *

async def job(name, d, fail=False):
    await asyncio.sleep(d)
    T(name, "finished")
    if fail:
        raise ValueError(name)
    return name

async def main():
    ts = [asyncio.create_task(job("a", 2)), asyncio.create_task(job("b", 1, True)), asyncio.create_task(job("c", 3))]
    done, pending = await asyncio.wait(ts)
    T("main", "done", len(done), "pending", len(pending))
    T("main", [E(t.exception()) if t.exception() else t.result() for t in ts if t in done])

asyncio.run(main())
