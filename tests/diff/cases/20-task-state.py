# ports: test_tasks.py BaseTaskTests (result()/exception() states); test_futures.py InvalidStateError on a pending future (AIO_SEMANTICS 2 last row)
# order-independent
from diffkit import *

def attempt(name, fn):
    try:
        T(name, "value", fn())
    except BaseException as e:
        T(name, "raises", type(e).__name__)

async def ok():
    await asyncio.sleep(1)
    return "fine"

async def bad():
    await asyncio.sleep(1)
    raise ValueError("boom")

async def main():
    a = asyncio.create_task(ok())
    b = asyncio.create_task(bad())
    c = asyncio.create_task(ok())
    attempt("pending-result", a.result)
    attempt("pending-exception", a.exception)
    c.cancel()
    await asyncio.sleep(2)
    attempt("ok-result", a.result)
    attempt("ok-exception", a.exception)
    attempt("bad-exception", lambda: E(b.exception()))
    attempt("bad-result", b.result)
    attempt("cancelled-result", c.result)
    attempt("cancelled-exception", c.exception)
    T("main", a.done(), b.done(), c.done(), a.cancelled(), b.cancelled(), c.cancelled())
    T("main", a.cancel(), b.cancel(), c.cancel())

asyncio.run(main())
