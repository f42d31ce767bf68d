# ports: AIO_SEMANTICS 1.2 O3 "task start" and 3 G10; test_tasks.py CoroutineGatherTests (children start in argument order)
# Tasks start in creation order, and only after the creator yields.
from diffkit import *

async def child(name, d):
    T(name, "start")
    await asyncio.sleep(d)
    T(name, "end")
    return name

async def main():
    a = asyncio.create_task(child("a", 2))
    b = asyncio.create_task(child("b", 1))
    T("main", "creator-continues")
    await asyncio.sleep(0)
    T("main", "after-yield")
    r = await asyncio.gather(child("g1", 0.5), child("g2", 0.25), a, b)
    T("main", r)

asyncio.run(main())
