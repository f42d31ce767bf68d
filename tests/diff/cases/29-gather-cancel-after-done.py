# ports: test_tasks.py BaseTaskTests.test_cancel_gather_1 (AIO_SEMANTICS 3 G9)
# order-independent
# Once gather has raised, cancelling it returns False and cancels nothing.
from diffkit import *

async def ok(d):
    await asyncio.sleep(d)
    T("ok", "finished")
    return d

async def bad():
    await asyncio.sleep(1)
    raise ValueError("boom")

async def main():
    sib = asyncio.create_task(ok(3))
    g = asyncio.gather(sib, bad())
    try:
        await g
    except ValueError as e:
        T("main", "raised", E(e))
    T("main", "g.cancel()", g.cancel(), "sib.done", sib.done())
    await asyncio.sleep(3)
    T("main", "sib", sib.cancelled(), sib.result())

asyncio.run(main())
